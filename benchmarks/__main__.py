import sys

from . import build_parser, run

if __name__ == "__main__":
    sys.exit(run(build_parser().parse_args()))
