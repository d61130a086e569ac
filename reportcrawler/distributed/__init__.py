"""Many workers, one crawl: the frontier (queue, duplicate filter, leases,
per-portal politeness) lives in Redis when REDIS_URL is set.

- frontier.py: the Redis data structures and the Lua scripts that change them
- scheduler.py: the Scrapy scheduler on top of it (a scrapy-redis Scheduler)
- addon.py: switches SCHEDULER / DUPEFILTER_CLASS when REDIS_URL is set
- status.py: `reportcrawler status --redis URL`
"""
