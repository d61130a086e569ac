"""The portal farm: N portals x M report pages, written to a folder the farm
server serves and the runner reads.

Each portal is one column of 政府信息公开年报 on one of two CMS families,
with the markup of the real portals the fixtures were captured from:

- Hanweb / 大汉 jcms (like fixtures/hulan): the column page embeds the first
  group of records in a `<datastore>`, later groups come from POSTs to
  `dataproxy.jsp?startrecord=…&endrecord=…&perpage=…`; articles under
  `/art/Y/M/D/art_<col>_<id>.html`, content in `#zoom`.
- TRS WCM (like fixtures/chenzhou): `index.html`, `index_1.html`, … known only
  through `createPageHTML(count, current, "index", "html")`; articles under
  `./YYYYMM/tYYYYMMDD_<id>.html`, content in `.TRS_Editor` (with TRS's
  injected `<style>`), a 索引号 / 发布机构 / 文号 metadata table.

Pages are 20–60 KB (navigation, left tree, metadata block, long report text
from a corpus of real report paragraphs with the figures changed, national
template tables for reports from 2019 on, related links, footer), in UTF-8 or
GBK (declared in the header, only in `<meta>`, or nowhere). Some reports are
posted twice in one column and some are reposted on another portal (same
text: one record), and each column carries distractors: some decided by
their link title (notices, news, guides: never fetched by the full crawl),
some only by their page (truncated link text, no title attribute).

All portals live on one host (127.0.0.1:PORT) under `/pNN/`; every URL in the
farm is a path, so the folder does not depend on the port. Beside the pages
(`pages/`), the folder holds `routes.json` (method, path, file and kind of
every page: what the server serves), `farm.json` (the portals and counts) and
`pagination.json` (per portal, the list requests after its column page: the
bare crawl's pagination, so that it parses no CMS script). Contact data on the
pages is synthetic (0000-0000000, example@example.gov.cn).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from dataclasses import asdict, dataclass, field
from html import escape
from pathlib import Path

FARM_VERSION = 5

_CORPUS_FILE = Path(__file__).with_name("corpus.txt")

# Districts and counties (GB/T 2260 codes) for the farm's portals.
REGIONS = [
    ("230111", "哈尔滨市", "呼兰区"), ("431002", "郴州市", "北湖区"), ("210214", "大连市", "普兰店区"),
    ("150204", "包头市", "青山区"), ("230828", "佳木斯市", "汤原县"), ("420107", "武汉市", "青山区"),
    ("330523", "湖州市", "安吉县"), ("431003", "郴州市", "苏仙区"), ("230102", "哈尔滨市", "道里区"),
    ("230103", "哈尔滨市", "南岗区"), ("210202", "大连市", "中山区"), ("210211", "大连市", "甘井子区"),
    ("150202", "包头市", "东河区"), ("150203", "包头市", "昆都仑区"), ("420102", "武汉市", "江岸区"),
    ("420106", "武汉市", "武昌区"), ("330502", "湖州市", "吴兴区"), ("330503", "湖州市", "南浔区"),
    ("431021", "郴州市", "桂阳县"), ("431022", "郴州市", "宜章县"), ("230804", "佳木斯市", "前进区"),
    ("230881", "佳木斯市", "同江市"), ("230183", "哈尔滨市", "尚志市"), ("210281", "大连市", "瓦房店市"),
]

# Agencies whose reports a 年报 column lists (names chosen so that no title
# carries a word the classifier treats as "not a report").
AGENCIES = [
    "", "人民政府办公室", "发展和改革局", "教育局", "科学技术局", "工业和信息化局", "公安分局", "民政局",
    "司法局", "财政局", "人力资源和社会保障局", "自然资源局", "生态环境分局", "住房和城乡建设局",
    "交通运输局", "水务局", "农业农村局", "商务局", "文化广电和旅游局", "卫生健康局", "退役军人事务局",
    "应急管理局", "市场监督管理局", "医疗保障局", "林业和草原局", "城市管理局", "信访局", "机关事务服务中心",
    "政务服务中心", "行政审批局", "供销合作社联合社", "残疾人联合会", "住房公积金管理部", "税务局",
]
TOWNS = [
    "城关", "兰河", "腰堡", "利民", "康金", "沈家", "石人", "白奎", "方台", "莲花", "大用", "长岭", "二八",
    "许堡", "杨林", "孟家", "双井", "新兴", "永安", "太平", "红星", "胜利", "和平", "东风", "前进", "幸福",
    "光明", "团结", "朝阳", "向阳", "建设", "兴隆", "富强", "民主", "文化", "育才", "解放", "人民", "松花",
    "北山", "南山", "东湖", "西湖", "桥头", "河口", "新村", "金城", "银河", "青云", "凤凰", "龙泉", "马鞍",
]
HEADINGS = [
    "一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息情况", "四、政府信息公开的收费及减免情况",
    "五、因政府信息公开申请行政复议、提起行政诉讼情况", "六、存在的主要问题及改进措施", "七、其他需要报告的事项",
]
NAV = [
    ("走进", ["概况", "历史沿革", "行政区划", "自然资源", "历史名人", "统计数据", "人口民族", "气候物产"]),
    ("政务公开", ["领导之窗", "政府文件", "政策解读", "人事信息", "财政信息", "规划计划", "重点领域信息公开",
              "政府信息公开", "政府信息公开年报", "建议提案办理"]),
    ("政务服务", ["办事指南", "行政审批", "便民服务", "表格下载", "政务服务网"]),
    ("互动交流", ["领导信箱", "在线访谈", "征集调查", "回应关切", "12345热线"]),
    ("投资", ["投资环境", "招商项目", "开发区", "优惠政策"]),
    ("文化旅游", ["名胜古迹", "旅游景点", "民俗文化", "特色美食"]),
    ("专题专栏", ["优化营商环境", "扫黑除恶专项斗争", "脱贫攻坚", "创建文明城市", "疫情防控"]),
]
LEFT_TREE = ["政府信息公开指南", "政府信息公开制度", "机构职能", "政策法规", "规范性文件", "规划计划",
             "人事信息", "财政预决算", "统计信息", "行政权力清单", "重大建设项目", "公共资源配置", "环境保护",
             "食品药品安全", "社会救助", "工作要点", "政府信息公开年报", "依申请公开", "监督保障"]


@dataclass
class Portal:
    key: str  # p00, p01, …: the path prefix and the spider name
    cms: str  # hanweb | trs
    charset: str  # utf-8 | gbk
    region_code: str
    city: str
    district: str
    column_id: int
    column_path: str  # start URL path

    @property
    def site_name(self) -> str:
        return f"{self.city}{self.district}人民政府"


@dataclass
class Entry:
    """One list item of a column: a report page or a distractor."""

    url: str  # path
    title: str  # the page's own title
    link_title: str | None  # title attribute (None: none)
    link_text: str
    date: str  # YYYY-MM-DD
    kind: str  # report | report_copy | distractor_link | distractor_page
    content_key: str | None = None  # reports: same key = same text (one record)


@dataclass
class Route:
    method: str
    path: str
    status: int
    content_type: str
    file: str
    kind: str  # list | dataproxy | report | distractor_link | distractor_page (see Entry.kind)


@dataclass
class FarmInfo:
    version: int
    seed: int
    portals: list[dict]
    routes: int
    report_pages: int
    expected_records: int
    distractor_pages_fetched: int  # decided only by the page: fetched by the full crawl
    distractor_links: int  # decided by the link title: only the bare crawl fetches them
    list_pages: int
    bytes_total: int
    report_bytes_mean: float
    report_bytes_min: int
    report_bytes_max: int
    charsets: dict = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)


# --- text ---------------------------------------------------------------------

def load_corpus() -> list[str]:
    return [line for line in _CORPUS_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?=\s*年)")
_NUMBER = re.compile(r"(?<![\d〔])\d{1,5}(?![\d〕])")


class TextMaker:
    """Report paragraphs: corpus lines with the region, the year and the figures changed."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.corpus = load_corpus()

    def _figures(self, line: str, year: int) -> str:
        rng = self.rng
        line = _YEAR.sub(lambda m: str(year if rng.random() < 0.8 else year + 1), line)
        return _NUMBER.sub(lambda m: str(rng.randint(1, 10 ** len(m.group())) if len(m.group()) != 4
                                         or not m.group().startswith(("19", "20")) else m.group()), line)

    def paragraphs(self, region: str, year: int, chars: int) -> list[str]:
        lines: list[str] = []
        total = 0
        heading = 0
        while total < chars:
            if heading < len(HEADINGS) and (not lines or self.rng.random() < 0.12):
                line = HEADINGS[heading]
                heading += 1
            else:
                line = self._figures(self.rng.choice(self.corpus), year).replace("{R}", region)
            lines.append(line)
            total += len(line)
        return lines

    def tables(self, year: int) -> str:
        """The national template's tables 二, 三 and 四 (reports from 2019 on)."""
        r = self.rng
        n = lambda hi=300: str(r.randint(0, hi))  # noqa: E731
        rows2 = "".join(
            f"<tr><td><p>{name}</p></td><td><p>{n(20)}</p></td><td><p>{n(20)}</p></td><td><p>{n(200)}</p></td></tr>"
            for name in ("规章", "规范性文件")
        )
        rows2 += "".join(
            f"<tr><td><p>{name}</p></td><td colspan=\"2\"><p>{n(50)}</p></td><td><p>{n(9000)}</p></td></tr>"
            for name in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费")
        )
        table2 = (
            "<p style=\"text-align:center\"><strong>二、主动公开政府信息情况</strong></p>"
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"600\"><tbody>"
            "<tr><td colspan=\"4\"><p>第二十条第（一）项</p></td></tr>"
            "<tr><td><p>信息内容</p></td><td><p>本年新制作数量</p></td><td><p>本年新公开数量</p></td>"
            f"<td><p>对外公开总数量</p></td></tr>{rows2}</tbody></table>"
        )
        labels3 = ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                   "（三）不予公开 1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                   "（四）无法提供 1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                   "（五）不予处理 1.信访举报投诉类申请", "2.重复申请", "（六）其他处理", "（七）总计",
                   "四、结转下年度继续办理"]
        rows3 = "".join(
            "<tr><td><p>" + label + "</p></td>" + "".join(f"<td><p>{n(40)}</p></td>" for _ in range(7)) + "</tr>"
            for label in labels3
        )
        table3 = (
            "<p style=\"text-align:center\"><strong>三、收到和处理政府信息公开申请情况</strong></p>"
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"600\"><tbody>"
            "<tr><td rowspan=\"3\" colspan=\"3\"><p>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</p></td>"
            "<td colspan=\"7\"><p>申请人情况</p></td></tr>"
            "<tr><td rowspan=\"2\"><p>自然人</p></td><td colspan=\"5\"><p>法人或其他组织</p></td>"
            "<td rowspan=\"2\"><p>总计</p></td></tr>"
            "<tr><td><p>商业企业</p></td><td><p>科研机构</p></td><td><p>社会公益组织</p></td>"
            "<td><p>法律服务机构</p></td><td><p>其他</p></td></tr>"
            f"<tr><td colspan=\"3\"><p>一、本年新收政府信息公开申请数量</p></td>{''.join(f'<td><p>{n(60)}</p></td>' for _ in range(7))}</tr>"
            f"<tr><td colspan=\"3\"><p>二、上年结转政府信息公开申请数量</p></td>{''.join(f'<td><p>{n(9)}</p></td>' for _ in range(7))}</tr>"
            f"{rows3}</tbody></table>"
        )
        table4 = (
            "<p style=\"text-align:center\"><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>"
            "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" width=\"600\"><tbody>"
            "<tr><td colspan=\"5\"><p>行政复议</p></td><td colspan=\"10\"><p>行政诉讼</p></td></tr>"
            "<tr>" + "".join(f"<td><p>{h}</p></td>" for h in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
            + "<td colspan=\"5\"><p>未经复议直接起诉</p></td><td colspan=\"5\"><p>复议后起诉</p></td></tr>"
            "<tr>" + "".join(f"<td><p>{n(5)}</p></td>" for _ in range(15)) + "</tr></tbody></table>"
        )
        return table2 + table3 + table4


def _wrap_digits(text: str) -> str:
    return re.sub(r"(\d+)", r'<span lang="EN-US">\1</span>', text)


def render_body(lines: list[str], style: int, tables: str = "") -> str:
    """Paragraphs as a portal's editor writes them (UEditor, TRS, Word paste, divs)."""
    out = []
    for i, line in enumerate(lines):
        text = escape(line, quote=False)
        heading = line in HEADINGS or re.match(r"^（[一二三四五六七八九十]）", line) and len(line) < 30
        if style == 0:  # UEditor
            font = "黑体, SimHei" if heading else "仿宋, 仿宋_GB2312"
            inner = f'<span style="font-family:{font};font-size:20px;">{text}</span>'
            out.append(f'<p style="text-indent:2em;line-height:2em;">{"<strong>" + inner + "</strong>" if heading else inner}</p>')
        elif style == 1:  # TRS editor
            out.append(f"<p>&nbsp;&nbsp;&nbsp;&nbsp;{'<strong>' + text + '</strong>' if heading else text}</p>")
        elif style == 2:  # Word paste
            out.append(
                '<p class="MsoNormal" style="text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt">'
                f'<span style="font-size:16.0pt;font-family:仿宋_GB2312">{_wrap_digits(text)}</span><o:p></o:p></p>'
            )
        else:  # divs
            out.append(f'<div style="text-indent:2em">{"<b>" + text + "</b>" if heading else text}</div>')
        if tables and i == 2:
            out.append(tables)
        if style == 2 and i % 9 == 4:
            out.append('<p class="MsoNormal"><span lang="EN-US">&nbsp;</span><o:p></o:p></p>')
    return "\n".join(out)


# --- page chrome ------------------------------------------------------------------

def _nav(portal: Portal, prefix: str) -> str:
    items = [f'<li><a href="{prefix}/index.html" target="_self">首页</a></li>']
    col = 1100
    for name, subs in NAV:
        label = name + (portal.district[:-1] if name in ("走进", "投资") else "")
        sub = "".join(f'<li><a href="{prefix}/col/col{col + j + 1}/index.html" target="_blank">{s}</a></li>'
                      for j, s in enumerate(subs))
        items.append(f'<li><a href="{prefix}/col/col{col}/index.html" target="_self">{label}</a>'
                     f'<div class="subnav"><ul>{sub}</ul></div></li>')
        col += 100
    return '<ul class="navlist">\n' + "\n".join(items) + "\n</ul>"


def _footer(portal: Portal, prefix: str) -> str:
    selects = []
    for title, names in (
        ("政府网站", ["中国政府网", "省人民政府", f"{portal.city}人民政府"]),
        ("区县（市）政府网站", [d for _, c, d in REGIONS if c == portal.city] + ["开发区", "新区"]),
        ("部门网站", [a for a in AGENCIES if a][:24]),
        ("乡镇（街道）网站", [t + ("街道" if i % 3 else "镇") for i, t in enumerate(TOWNS[:20])]),
    ):
        options = "".join(f'<option value="{prefix}/col/col{2100 + i}/index.html">{escape(n)}</option>'
                          for i, n in enumerate(names))
        selects.append(f'<select onchange="if(this.value!=\'\'){{window.open(this.value);}}">'
                       f'<option value="">-- {title} --</option>{options}</select>')
    site_id = portal.region_code + "0001"
    return f"""<div class="links wrap">
  <span class="links_t">相关链接：</span>
  {"".join(selects)}
</div>
<div class="footer">
  <div class="wrap">
    <div class="foot_nav"><a href="{prefix}/col/col1901/index.html" target="_blank">网站地图</a> | <a href="{prefix}/col/col1902/index.html" target="_blank">联系我们</a> | <a href="{prefix}/col/col1903/index.html" target="_blank">网站声明</a> | <a href="{prefix}/col/col1904/index.html" target="_blank">隐私保护</a> | <a href="{prefix}/col/col1905/index.html" target="_blank">使用帮助</a></div>
    <div class="foot_l">
      <a href="http://bszs.conac.cn/sitename?method=show&amp;id=0A1B4E5C2D7F3A91E053012819AC{portal.region_code}" target="_blank"><img src="{prefix}/images/1/red.png" alt="党政机关" width="47" height="57" /></a>
      <a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code={site_id}" target="_blank"><img src="{prefix}/images/1/jiucuo.png" alt="政府网站找错" width="110" height="55" /></a>
    </div>
    <div class="foot_c">
      <p>主办：{portal.site_name}&nbsp;&nbsp;&nbsp;承办：{portal.site_name}办公室</p>
      <p>地址：{portal.city}{portal.district}示例路1号&nbsp;&nbsp;&nbsp;邮编：000000&nbsp;&nbsp;&nbsp;联系电话：0000-0000000</p>
      <p><a href="https://beian.miit.gov.cn/" target="_blank">ICP备05004236号</a>&nbsp;&nbsp;&nbsp;网站标识码：{site_id}&nbsp;&nbsp;&nbsp;<img src="{prefix}/images/1/ga.png" width="16" height="16" alt="" />公网安备 {portal.region_code}02000101号</p>
      <p>建议使用1366*768分辨率，IE9以上版本浏览器浏览本网站</p>
    </div>
  </div>
</div>
<script type="text/javascript">
function SetHome(obj,vrl){{try{{obj.style.behavior='url(#default#homepage)';obj.setHomePage(vrl);}}catch(e){{if(window.netscape){{try{{netscape.security.PrivilegeManager.enablePrivilege("UniversalXPConnect");}}catch(e){{alert("此操作被浏览器拒绝！请在浏览器地址栏输入“about:config”并回车");}}}}}}}}
function AddFavorite(sURL,sTitle){{try{{window.external.addFavorite(sURL,sTitle);}}catch(e){{try{{window.sidebar.addPanel(sTitle,sURL,"");}}catch(e){{alert("加入收藏失败，请使用Ctrl+D进行添加");}}}}}}
(function(){{var d=new Date();var w=["星期日","星期一","星期二","星期三","星期四","星期五","星期六"];var el=document.getElementById("today");if(el){{el.innerHTML="今天是："+d.getFullYear()+"年"+(d.getMonth()+1)+"月"+d.getDate()+"日 "+w[d.getDay()];}}}})();
$(function(){{$(".navlist li").hover(function(){{$(this).find(".subnav").stop(true,true).slideDown(150);}},function(){{$(this).find(".subnav").stop(true,true).slideUp(150);}});}});
</script>
<script type="text/javascript" src="{prefix}/module/wza/assist.js?sid={site_id}&amp;pos=left" charset="utf-8"></script>
<script type="text/javascript">
var _maq = _maq || [];
_maq.push(['_setAccount', '{portal.key}{site_id}']);
(function() {{
  var ma = document.createElement('script'); ma.type = 'text/javascript'; ma.async = true;
  ma.src = '{prefix}/module/stat/ma.js';
  var s = document.getElementsByTagName('script')[0]; s.parentNode.insertBefore(ma, s);
}})();
</script>"""


_CSS = """<style type="text/css">
.bt_title, td.title, h1.art_title { font-size:26px; font-weight:bold; color:#b60000; line-height:44px; padding:18px 30px 8px; font-family:"微软雅黑","Microsoft YaHei"; }
.bt_info, .art_date { font-size:13px; color:#666; border-bottom:1px dashed #ccc; padding:6px 0 10px; }
#zoom { font-size:16px; line-height:32px; color:#333; padding:20px 40px; text-align:justify; }
#zoom p { margin:0 0 8px 0; }
#zoom table { margin:10px auto; border-collapse:collapse; }
#zoom table td { border:1px solid #333; padding:4px 6px; font-size:14px; line-height:22px; }
.gjgj { padding:10px 40px; border-top:1px solid #e5e5e5; font-size:14px; }
.gjgj ul li { line-height:28px; list-style:none; background:url(/images/1/dot.gif) no-repeat left center; padding-left:12px; }
.list_box ul li, ul.list li { height:38px; line-height:38px; border-bottom:1px dashed #ddd; font-size:15px; padding-left:14px; }
.list_box ul li span, ul.list li span { float:right; color:#999; font-size:14px; }
.left_box { float:left; width:230px; border:1px solid #dcdcdc; } .left_box li { height:42px; line-height:42px; text-align:center; }
.xxgk_table td { border:1px solid #e3e3e3; padding:6px 8px; font-size:13px; } .xxgk_table td.td_lab { background:#f6f6f6; width:90px; }
.ewm { text-align:center; padding:10px 0; font-size:12px; color:#888; } .bt_link { text-align:right; padding:10px 40px 30px; font-size:13px; }
</style>"""


def _head(portal: Portal, prefix: str, title_tag: str, charset: str | None, metas: dict[str, str]) -> str:
    meta_charset = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />\n' if charset else ""
    site_id = portal.region_code + "0001"
    base = {"SiteName": portal.site_name, "SiteDomain": "127.0.0.1", "SiteIDCode": site_id,
            "ColumnName": "政府信息公开年报", "ColumnDescription": f"{portal.site_name}政府信息公开工作年度报告",
            "ColumnKeywords": "政府信息公开,年度报告,政务公开", "ColumnType": "政府信息公开年报"}
    base.update(metas)
    meta_lines = "\n".join(f'<meta name="{k}" content="{escape(v)}" />' for k, v in base.items())
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
{meta_charset}<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1" />
<title>{escape(title_tag)}</title>
{meta_lines}
<link rel="stylesheet" type="text/css" href="{prefix}/images/1/style.css" />
<link rel="stylesheet" type="text/css" href="{prefix}/images/1/wza.css" />
<script type="text/javascript" src="{prefix}/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="{prefix}/script/0/1806121052573396.js"></script>
<!--[if lt IE 9]><script type="text/javascript" src="{prefix}/images/1/html5shiv.js"></script><![endif]-->
{_CSS}
</head>
<body>
<div class="top_bar"><div class="wrap">
<div class="fl"><span id="today"></span>&nbsp;&nbsp;<span>欢迎访问{portal.site_name}门户网站</span></div>
<div class="fr"><a href="javascript:void(0);" id="cniil_wza" title="无障碍浏览">无障碍</a> | <a href="javascript:void(0);" id="jt_ft" title="繁體">繁體</a> | <a href="{prefix}/col/col1810/index.html" target="_blank">手机版</a> | <a href="{prefix}/col/col1811/index.html" target="_blank">政务微博</a> | <a href="javascript:void(0);" onclick="SetHome(this,window.location)">设为首页</a> | <a href="javascript:void(0);" onclick="AddFavorite(window.location,document.title)">加入收藏</a></div>
</div></div>
<div class="header"><div class="wrap">
<div class="logo"><a href="{prefix}/index.html"><img src="{prefix}/images/1/logo.png" alt="{portal.site_name}" width="520" height="90" /></a></div>
<div class="search"><form action="{prefix}/jrobot/search.do" method="get" target="_blank" name="searchform" id="searchform">
<input type="hidden" name="webid" value="1" /><input type="text" name="q" id="q" class="s_input" value="请输入关键字" onfocus="if(this.value=='请输入关键字'){{this.value='';}}" /><input type="submit" class="s_btn" value="搜索" /></form>
<div class="hotword">热门搜索：<a href="{prefix}/jrobot/search.do?webid=1&amp;q=1">政府信息公开</a> <a href="{prefix}/jrobot/search.do?webid=1&amp;q=2">年度报告</a> <a href="{prefix}/jrobot/search.do?webid=1&amp;q=3">办事指南</a></div>
</div></div></div>
<div class="nav"><div class="wrap">
{_nav(portal, prefix)}
</div></div>
"""


def _left(portal: Portal, prefix: str) -> str:
    cur = ' class="cur"'
    tree = "".join(
        f'<li{cur if name == "政府信息公开年报" else ""}><a href="{prefix}/col/col{1230 + i}/index.html">{name}</a></li>'
        for i, name in enumerate(LEFT_TREE)
    )
    towns = "".join(f'<li><a href="{prefix}/col/col{2300 + i}/index.html" target="_blank">{t}镇</a></li>'
                    for i, t in enumerate(TOWNS[:16]))
    return (f'<div class="left_box"><div class="left_t">政府信息公开</div><ul class="left_tree">{tree}</ul>'
            f'<div class="left_box_t">乡镇信息公开</div><ul class="bm_list">{towns}</ul></div>')


def _breadcrumb(prefix: str) -> str:
    return (f'<div class="position wrap"><span class="pos_icon"></span>当前位置：<a href="{prefix}/index.html">首页</a> &gt; '
            f'<a href="{prefix}/col/col1200/index.html">政务公开</a> &gt; <a href="{prefix}/col/col1230/index.html">政府信息公开</a>'
            f' &gt; <a href="{prefix}/col/col1234/index.html">政府信息公开年报</a></div>')


# --- articles ------------------------------------------------------------------------

@dataclass
class Article:
    title: str
    date: str  # YYYY-MM-DD
    source: str
    body_html: str
    signature: tuple[str, str] | None
    attachment: str | None = None  # file name
    index_no: str = ""
    doc_no: str = ""
    related: list[tuple[str, str]] = field(default_factory=list)


def hanweb_article(portal: Portal, art: Article, url: str, charset: str | None, hits: int) -> str:
    prefix = "/" + portal.key
    y, m, d = art.date.split("-")
    sig = ""
    if art.signature:
        sig = "".join(f'<p style="text-align:right;line-height:2em;"><span style="font-family:仿宋;font-size:20px;">{s}</span></p>'
                      for s in art.signature)
    att = ""
    if art.attachment:
        att = (f'<p>附件：<img src="{prefix}/images/icon_pdf.gif" /><a href="{prefix}/module/download/downfile.jsp?classid=0&amp;'
               f'filename={hits}{y}{m}.pdf">{escape(art.attachment)}</a></p>')
    related = "".join(f'<li><a href="{u}" target="_blank" title="{escape(t)}">{escape(t)}</a></li>' for u, t in art.related)
    head = _head(portal, prefix, f"{art.title}_{portal.site_name}", charset, {
        "ArticleTitle": art.title, "PubDate": f"{art.date} {10 + hits % 8}:{hits % 60:02d}", "ContentSource": art.source,
        "Keywords": "政府信息公开,年度报告", "Author": "", "Description": art.title, "Url": url,
    })
    return f"""{head}{_breadcrumb(prefix)}
<div class="main wrap">
<div class="article">
<table width="100%" border="0" cellspacing="0" cellpadding="0" class="bt_table">
  <tr><td class="title" align="center"><!--<$[标题名称(html)]>begin-->{escape(art.title)}<!--<$[标题名称(html)]>end--></td></tr>
  <tr><td align="center" class="bt_info">日期：{art.date}&nbsp;&nbsp;&nbsp;&nbsp;来源：{escape(art.source)}&nbsp;&nbsp;&nbsp;&nbsp;访问量：<span id="c">{hits}</span></td></tr>
  <tr><td align="right" class="bt_zh">字号：[ <a href="javascript:doZoom(20)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a> ]</td></tr>
  <tr><td class="bt_content">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart"/>
<div id="zoom"><!--<$[信息内容]>begin-->
{art.body_html}
{sig}{att}
<!--<$[信息内容]>end--></div>
<meta name="ContentEnd"/><!--ZJEG_RSS.content.end-->
  </td></tr>
</table>
<div class="gjgj"><span class="gj_t">关联稿件：</span><ul id="gjlist">{related}</ul></div>
<div class="share"><span>分享到：</span><a href="javascript:void(0);" class="share_wx" title="分享到微信">微信</a> <a href="javascript:void(0);" class="share_wb" title="分享到新浪微博">微博</a> <a href="javascript:void(0);" class="share_qq" title="分享到QQ空间">QQ空间</a></div>
<div class="ewm"><div id="qrcode"></div><p>扫一扫在手机打开当前页</p></div>
<div class="bt_link"><a href="javascript:window.scrollTo(0,0);">返回顶部</a> <a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭本页</a></div>
</div>
</div>
{_footer(portal, prefix)}
<script type="text/javascript">
$(function(){{ $('#qrcode').qrcode({{render:'canvas',width:110,height:110,text:"{url}"}}); $.ajax({{type:'get',url:'{prefix}/module/visitcount/articlehits.jsp',data:{{colid:{portal.column_id},artid:{hits},webid:1}},dataType:'text',success:function(d){{if(d){{$('#c').html($.trim(d));}}}}}}); }});
</script>
</body>
</html>
"""


_TRS_STYLE = ('<style type="text/css">\n.TRS_Editor P{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}'
              '.TRS_Editor DIV{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}'
              '.TRS_Editor TD{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}'
              '.TRS_Editor TH{margin-top:0px;margin-bottom:12px;line-height:1.8;font-family:宋体;font-size:12pt;}\n</style>')


def trs_article(portal: Portal, art: Article, url: str, charset: str | None, hits: int) -> str:
    prefix = "/" + portal.key
    sig = ""
    if art.signature:
        sig = f'<p style="text-align:right">{art.signature[0]}<br />{art.signature[1]}</p>'
    att = ""
    if art.attachment:
        att = f'<p>附件：<a href="./P0{art.date.replace("-", "")}{hits}.xls" OLDSRC="/protect/P0{hits}.xls">{escape(art.attachment)}</a></p>'
    related = "".join(f'<li><a href="{u}" target="_blank">{escape(t)}</a></li>' for u, t in art.related)
    head = _head(portal, prefix, f"{art.title}-{portal.site_name}", charset, {
        "ArticleTitle": art.title, "PubDate": f"{art.date} {9 + hits % 9}:{hits % 60:02d}", "ContentSource": art.source,
        "Keywords": f"{portal.district},政府信息公开工作年度报告", "Author": "", "Description": art.title, "Url": url,
    })
    return f"""{head}{_breadcrumb(prefix)}
<div class="main w1100 clearfix">
<div class="xxgk_left">{_left(portal, prefix)}</div>
<div class="xxgk_right">
<!--startprint-->
<div class="article">
<h1 class="art_title">{escape(art.title)}</h1>
<div class="xxgk_info"><table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0"><tbody>
<tr><td class="td_lab">索引号：</td><td class="td_val">{art.index_no}</td><td class="td_lab">发布机构：</td><td class="td_val">{escape(art.source)}</td><td class="td_lab">公开方式：</td><td class="td_val">政府网站</td></tr>
<tr><td class="td_lab">文号：</td><td class="td_val">{art.doc_no}</td><td class="td_lab">发文日期：</td><td class="td_val">{art.date} 00:00:00</td><td class="td_lab">有效性：</td><td class="td_val">有效</td></tr>
</tbody></table></div>
<div class="art_date">{art.date} {9 + hits % 9}:{hits % 60:02d}</div>
<div class="art_con" id="zoom">
<div class="TRS_Editor">{_TRS_STYLE}
<div class="Custom_UnionStyle">
{art.body_html}
{sig}{att}
</div></div>
</div>
<!--endprint-->
<div class="art_tools"><a href="javascript:doPrint();">【打印】</a> <a href="javascript:window.external.addFavorite(location.href,document.title);">【收藏】</a> <a href="javascript:window.close();">【关闭本页】</a></div>
<div class="art_bottom_title">{escape(art.title)}</div>
<div class="art_count">访问量：<span>{hits * 37}</span></div>
<div class="xgxx"><div class="xgxx_t">相关信息</div><ul>{related}</ul></div>
</div>
</div>
</div>
{_footer(portal, prefix)}
</body>
</html>
"""


# --- list pages ---------------------------------------------------------------------

def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _li(e: Entry, href: str) -> str:
    title = f' title="{escape(e.link_title)}"' if e.link_title else ""
    return f'<li><a href="{href}"{title} target="_blank">{escape(e.link_text)}</a><span>{e.date}</span></li>'


def _hanweb_ajax_param(portal: Portal) -> dict[str, int | str]:
    """The jpage call's ajaxParam: the form fields every dataproxy POST carries."""
    return {"col": 1, "appid": 1, "webid": 1, "path": "/", "columnid": portal.column_id, "sourceContentType": 1,
            "unitid": 5000 + portal.column_id, "webname": portal.site_name, "permissiontype": 0}


def hanweb_column(portal: Portal, first: list[Entry], total: int, per_page: int, group: int, charset: str | None) -> str:
    prefix = "/" + portal.key
    records = "\n".join(f"<record><![CDATA[{_li(e, e.url)}]]></record>" for e in first)
    head = _head(portal, prefix, f"政府信息公开年报_{portal.site_name}", charset, {"Keywords": "政府信息公开年报"})
    uid = 5000 + portal.column_id
    ajax = ", ".join(f"{k}:'{v}'" if isinstance(v, str) else f"{k}:{v}" for k, v in _hanweb_ajax_param(portal).items())
    return f"""{head}{_breadcrumb(prefix)}
<div class="main wrap clearfix">
{_left(portal, prefix)}
<div class="list_box"><div class="list_t">政府信息公开年报</div>
<ul class="list_ul">
<div id="{uid}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="{prefix}/module/web/jpage/dataproxy.jsp?page=1&webid=1&path=/&columnid={portal.column_id}&unitid={uid}&webname=x&permissiontype=0"></a>]]></nextgroup>
<recordset>
{records}
</recordset>
</datastore></script></div>
<script language="javascript" src="{prefix}/module/jslib/jquery/jpage/dataproxy.js"></script>
<script>$(function(){{ $('#{uid}').jpage({{ dataStore: dataStore, proxyUrl: '{prefix}/module/web/jpage/dataproxy.jsp', perPage: {per_page}, totalRecord: {total}, groupSize: {group}, barPosition: 'bottom', ajaxParam: {{{ajax}}} }}); }});</script>
</ul>
</div>
</div>
{_footer(portal, prefix)}
</body>
</html>
"""


def hanweb_dataproxy(portal: Portal, entries: list[Entry]) -> str:
    prefix = "/" + portal.key
    records = "\n".join(f"<record><![CDATA[{_li(e, e.url)}]]></record>" for e in entries)
    return (f'<?xml version="1.0" encoding="UTF-8"?><datastore>\n<nextgroup><![CDATA[<a href="{prefix}/module/web/jpage/'
            f'dataproxy.jsp?page=1&webid=1&path=/&columnid={portal.column_id}"></a>]]></nextgroup>\n<recordset>\n{records}\n'
            "</recordset>\n</datastore>\n")


_CREATE_PAGE_HTML = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
	if(_nPageCount == null || _nPageCount<=1){ return; }
	var nCurrIndex = _nCurrIndex || 0;
	document.write("<span class=\\"p_total\\">共" + _nPageCount + "页</span>&nbsp;&nbsp;");
	if(nCurrIndex == 0){ document.write("<span>首页</span>&nbsp;&nbsp;<span>上一页</span>&nbsp;&nbsp;"); }
	else{ document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a>&nbsp;&nbsp;");
		if(nCurrIndex == 1) document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">上一页</a>&nbsp;&nbsp;");
		else document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\\">上一页</a>&nbsp;&nbsp;"); }
	if(nCurrIndex == _nPageCount-1){ document.write("<span>下一页</span>&nbsp;&nbsp;<span>尾页</span>"); }
	else{ document.write("<a href=\\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\\">下一页</a>&nbsp;&nbsp;");
		document.write("<a href=\\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\\">尾页</a>"); }
}
</script>"""


def trs_list(portal: Portal, entries: list[Entry], page: int, count: int, charset: str | None, folder: str) -> str:
    prefix = "/" + portal.key
    items = "\n".join(_li(e, "./" + e.url[len(folder):] if e.url.startswith(folder) else e.url) for e in entries)
    call = (f'createPageHTML({count}, 0, "index", "html");' if page == 0 else
            f'var currentPage = {page};var countPage = {count};createPageHTML(countPage, currentPage, "index", "html");')
    head = _head(portal, prefix, f"信息公开年报-{portal.site_name}", charset, {})
    return f"""{head}{_breadcrumb(prefix)}
<div class="main w1100 clearfix">
<div class="xxgk_left">{_left(portal, prefix)}</div>
<div class="xxgk_right">
<div class="lm_title"><span class="lm_name">信息公开年报</span></div>
<div class="lm_desc">本栏目发布{portal.site_name}及其工作部门、乡镇（街道）政府信息公开工作年度报告。</div>
<ul class="list">
{items}
</ul>
<div class="page">
{_CREATE_PAGE_HTML}
<script type="text/javascript">{call}</script>
</div>
</div>
</div>
{_footer(portal, prefix)}
</body>
</html>
"""


# --- the farm -----------------------------------------------------------------------------

HANWEB_PER_PAGE = 15
HANWEB_GROUP = 3
TRS_PER_PAGE = 20


def make_portals(n: int) -> list[Portal]:
    portals = []
    for i in range(n):
        code, city, district = REGIONS[i % len(REGIONS)]
        if i >= len(REGIONS):
            district = f"{district[:-1]}{i // len(REGIONS) + 1}{district[-1]}"
        cms = "hanweb" if i % 2 == 0 else "trs"
        charset = "gbk" if i % 4 in (1, 2) else "utf-8"  # hanweb utf-8/gbk, trs gbk/utf-8
        key = f"p{i:02d}"
        column_id = 1234 + i
        path = (f"/{key}/col/col{column_id}/index.html" if cms == "hanweb"
                else f"/{key}/zwgk/xxgkml/xxgknb/index.html")
        portals.append(Portal(key, cms, charset, code, city, district, column_id, path))
    return portals


def _content_type(rng: random.Random, charset: str) -> tuple[str, str | None]:
    """(Content-Type header, meta charset) as portals send them."""
    roll = rng.random()
    if charset == "utf-8":
        if roll < 0.75:
            return "text/html", "utf-8"
        if roll < 0.95:
            return "text/html; charset=UTF-8", "utf-8"
        return "text/html; charset=utf-8", None
    if roll < 0.7:
        return "text/html; charset=GBK", "gb2312"
    if roll < 0.9:
        return "text/html", "gbk"
    return "text/html", None  # declared nowhere: must be sniffed


def _encode(html: str, charset: str) -> bytes:
    return html.encode("gbk", errors="xmlcharrefreplace") if charset == "gbk" else html.encode("utf-8")


def generate(folder: str | os.PathLike, portals: int = 20, pages: int = 250, seed: int = 5,
             dup_cross: float = 0.04, dup_within: float = 0.01, distractors: float = 0.06) -> FarmInfo:
    """Write the farm into `folder` (replaced if it exists) and return its description."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "pages").mkdir(parents=True)
    rng = random.Random(seed)
    text = TextMaker(rng)
    farm_portals = make_portals(portals)
    routes: list[Route] = []
    sizes: list[int] = []
    total_bytes = 0
    file_no = 0
    charsets: dict[str, int] = {}
    # content_key -> (title, body_html, signature, source, year) of an original report
    originals: dict[str, tuple] = {}
    original_keys: list[str] = []
    keys_by_charset: dict[str, list[str]] = {}
    report_pages = distractor_fetched = distractor_links = list_pages = 0
    pagination: dict[str, list[dict]] = {}  # portal key -> the list requests after its column page

    def write(route_path: str, method: str, data: bytes, content_type: str, kind: str) -> None:
        nonlocal file_no, total_bytes
        name = f"pages/{file_no:06d}" + (".xml" if kind == "dataproxy" else ".html")
        file_no += 1
        (folder / name).write_bytes(data)
        routes.append(Route(method, route_path, 200, content_type, name, kind))
        total_bytes += len(data)

    for p_index, portal in enumerate(farm_portals):
        prefix = "/" + portal.key
        region = portal.district
        page_fn = hanweb_article if portal.cms == "hanweb" else trs_article
        combos = [(a, y) for a in AGENCIES for y in range(2008, 2024)]
        combos += [(t + ("街道办事处" if i % 3 else "镇人民政府"), y) for i, t in enumerate(TOWNS) for y in range(2008, 2024)]
        rng.shuffle(combos)
        entries: list[Entry] = []
        art_id = 10000 + p_index * 100000
        art_pages: list[tuple[Entry, Article]] = []

        def article_url(date: str, portal: Portal = portal, prefix: str = prefix) -> str:
            nonlocal art_id
            art_id += rng.randint(1, 40)
            y, m, d = (int(x) for x in date.split("-"))
            if portal.cms == "hanweb":
                return f"{prefix}/art/{y}/{m}/{d}/art_{portal.column_id}_{art_id}.html"
            return f"{prefix}/zwgk/xxgkml/xxgknb/{y}{m:02d}/t{y}{m:02d}{d:02d}_{art_id}.html"

        def pub_date(year: int) -> str:
            return f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"

        combo_i = 0
        for _ in range(pages):
            roll = rng.random()
            if keys_by_charset.get(portal.charset) and roll < dup_cross and p_index > 0:
                # reposted from another portal (or this one, earlier) written in the same charset, so
                # that the copy stays within the page sizes of its portal
                key = rng.choice(keys_by_charset[portal.charset])
                kind = "report_copy"
            elif entries and roll < dup_cross + dup_within:
                key = rng.choice([e.content_key for e in entries if e.content_key])
                kind = "report_copy"
            else:
                agency, year = combos[combo_i % len(combos)]
                combo_i += 1
                variant = rng.random()
                who = f"{region}{agency}"
                if variant < 0.7:
                    title = f"{who}{year}年政府信息公开工作年度报告"
                elif variant < 0.85:
                    title = f"{who}{year}年度政府信息公开工作报告"
                elif variant < 0.95:
                    title = f"{who}{year}年政府信息公开年报"
                else:
                    title = f"{who}政府信息公开工作{year}年度报告"
                signature = (who, f"{year + 1}年{rng.randint(1, 3)}月{rng.randint(1, 28)}日")
                source = rng.choice([f"{region}{agency or '人民政府办公室'}", "", f"{region}政务公开办"])
                style = rng.randrange(4)
                tables = text.tables(year) if year >= 2019 and rng.random() < 0.8 else ""
                # Page size: 20-60 KB, most around 30 KB; the report text fills what the template leaves.
                target = int(rng.triangular(20_000, 60_000, 30_000))
                chrome = len(_encode(page_fn(portal, Article(title, "2020-01-01", source, tables, signature),
                                             "http://127.0.0.1" + prefix + "/x" * 30, "utf-8", 1000), portal.charset))
                per_char = 3.3 if portal.charset == "utf-8" else 2.2
                lines = text.paragraphs(region, year, int(max(3000, target - chrome) / per_char))
                lines[0] = f"本报告由{who}根据《中华人民共和国政府信息公开条例》编制，报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。" + lines[0]
                used = chrome + 1500  # related links, attachment
                for n, line in enumerate(lines):
                    used += len(_encode(render_body([line], style), portal.charset)) + 1
                    if used > target and n >= 8:
                        lines = lines[:n + 1]
                        break
                body_html = render_body(lines, style, tables)
                key = f"{portal.key}:{len(original_keys)}"
                originals[key] = (title, body_html, signature, source, year)
                original_keys.append(key)
                keys_by_charset.setdefault(portal.charset, []).append(key)
                kind = "report"
            title, body_html, signature, source, year = originals[key]
            date = pub_date(year)
            url = article_url(date)
            limit = 16 if portal.cms == "hanweb" else 20
            entry = Entry(url, title, title if rng.random() < 0.97 or len(title) <= limit else None,
                          _truncate(title, limit), date, kind, key)
            if entry.link_title is None and entry.link_text.endswith("..."):
                entry.link_title = title  # a truncated link must carry its title or the page decides it
            entries.append(entry)
            attachment = f"{title}.pdf" if rng.random() < 0.25 else None
            art_pages.append((entry, Article(title, date, source, body_html, signature, attachment,
                                             index_no=f"{portal.region_code[:4]}00/{date[:4]}-{rng.randint(1, 99999):05d}",
                                             doc_no=rng.choice(["", "", f"{region[:1]}政办函〔{date[:4]}〕{rng.randint(1, 99)}号"]))))
            report_pages += 1

        n_distractors = max(2, round(distractors * pages))
        for k in range(n_distractors):
            year = rng.randint(2012, 2022)
            date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            url = article_url(date)
            limit = 16 if portal.cms == "hanweb" else 20
            if k % 2 == 0:  # decided by the link title: never fetched by the full crawl
                title = rng.choice([
                    f"关于做好{year}年度政府信息公开工作年度报告编制发布工作的通知",
                    f"{region}召开{year}年政务公开工作推进会",
                    f"{portal.site_name}信息公开指南",
                    f"{region}{year}年政府信息公开工作要点",
                ])
                entry = Entry(url, title, title, _truncate(title, limit), date, "distractor_link")
                distractor_links += 1
            else:  # truncated link text, no title attribute: only the page can tell
                title = rng.choice([f"{region}{year}年政府信息公开工作要点",
                                    f"{region}{year}年政府信息公开工作年度报告解读"])
                cut = min(limit, len(title) - 4)
                entry = Entry(url, title, None, title[:cut] + "...", date, "distractor_page")
                distractor_fetched += 1
            entries.insert(rng.randrange(len(entries) + 1), entry)
            lines = text.paragraphs(region, year, rng.randint(2000, 6000))
            art_pages.append((entry, Article(title, date, f"{region}政务公开办", render_body(lines, rng.randrange(4)),
                                             None, index_no=f"{portal.region_code[:4]}00/{year}-{rng.randint(1, 99999):05d}")))

        entries.sort(key=lambda e: e.date, reverse=True)  # newest first, as columns list them

        # related links: a few other reports of the same column
        report_entries = [e for e in entries if e.kind.startswith("report")]
        for entry, art in art_pages:
            content_type, meta = _content_type(rng, portal.charset)
            for other in rng.sample(report_entries, k=min(len(report_entries), rng.randint(0, 4))):
                if other is not entry:
                    art.related.append((other.url, other.title))
            hits = rng.randint(100, 9999)
            html = (hanweb_article if portal.cms == "hanweb" else trs_article)(
                portal, art, "http://127.0.0.1" + entry.url, meta, hits)
            data = _encode(html, portal.charset)
            kind = entry.kind if entry.kind.startswith("distractor") else "report"
            if kind == "report":
                sizes.append(len(data))
            charsets[f"{portal.charset} ({content_type}; meta {meta})"] = charsets.get(
                f"{portal.charset} ({content_type}; meta {meta})", 0) + 1
            write(entry.url, "GET", data, content_type, kind)

        # list pages
        content_type, meta = ("text/html", "utf-8") if portal.charset == "utf-8" else ("text/html; charset=GBK", "gb2312")
        if portal.cms == "hanweb":
            step = HANWEB_PER_PAGE * HANWEB_GROUP
            html = hanweb_column(portal, entries[:step], len(entries), HANWEB_PER_PAGE, HANWEB_GROUP, meta)
            write(portal.column_path, "GET", _encode(html, portal.charset), content_type, "list")
            list_pages += 1
            form = {k: str(v) for k, v in _hanweb_ajax_param(portal).items()}
            pagination[portal.key] = []
            for start in range(step + 1, len(entries) + 1, step):
                path = (f"{prefix}/module/web/jpage/dataproxy.jsp?startrecord={start}&endrecord={start + step - 1}"
                        f"&perpage={HANWEB_PER_PAGE}")
                write(path, "POST", hanweb_dataproxy(portal, entries[start - 1:start - 1 + step]).encode("utf-8"),
                      "text/xml;charset=UTF-8", "dataproxy")
                pagination[portal.key].append({"method": "POST", "path": path, "form": form})
                list_pages += 1
        else:
            folder_path = portal.column_path.rsplit("/", 1)[0] + "/"
            count = max(1, -(-len(entries) // TRS_PER_PAGE))
            for page in range(count):
                chunk = entries[page * TRS_PER_PAGE:(page + 1) * TRS_PER_PAGE]
                html = trs_list(portal, chunk, page, count, meta, folder_path)
                path = folder_path + ("index.html" if page == 0 else f"index_{page}.html")
                write(path, "GET", _encode(html, portal.charset), content_type, "list")
                if page:
                    pagination.setdefault(portal.key, []).append({"method": "GET", "path": path})
                list_pages += 1
            pagination.setdefault(portal.key, [])

    info = FarmInfo(
        version=FARM_VERSION, seed=seed, portals=[asdict(p) for p in farm_portals], routes=len(routes),
        report_pages=report_pages, expected_records=len(original_keys),
        distractor_pages_fetched=distractor_fetched, distractor_links=distractor_links, list_pages=list_pages,
        bytes_total=total_bytes, report_bytes_mean=sum(sizes) / max(1, len(sizes)),
        report_bytes_min=min(sizes, default=0), report_bytes_max=max(sizes, default=0), charsets=charsets,
    )
    with open(folder / "routes.json", "w", encoding="utf-8") as fh:
        json.dump([asdict(r) for r in routes], fh)
    (folder / "pagination.json").write_text(json.dumps(pagination, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "farm.json").write_text(info.to_json(), encoding="utf-8")
    return info


def load_info(folder: str | os.PathLike) -> dict:
    return json.loads((Path(folder) / "farm.json").read_text(encoding="utf-8"))


def load_routes(folder: str | os.PathLike) -> list[dict]:
    return json.loads((Path(folder) / "routes.json").read_text(encoding="utf-8"))


def load_pagination(folder: str | os.PathLike) -> dict[str, list[dict]]:
    """Per portal key, the list requests that follow its column page ({method, path[, form]}, in
    order): what the Hanweb jpage call or TRS's createPageHTML stands for, so that the bare crawl
    can follow them without parsing any CMS's scripts."""
    return json.loads((Path(folder) / "pagination.json").read_text(encoding="utf-8"))


def farm_matches(folder: str | os.PathLike, portals: int, pages: int, seed: int) -> bool:
    """An existing farm folder made with these parameters (so it can be reused)."""
    try:
        info = load_info(folder)
    except (OSError, ValueError):
        return False
    return (info.get("version") == FARM_VERSION and info.get("seed") == seed
            and len(info.get("portals", [])) == portals and info.get("report_pages") == portals * pages)
