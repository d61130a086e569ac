# Configuration lives in pyproject.toml. This shim exists so that
# `scrapyd-deploy` builds the egg from it instead of writing a setup.py of its own.
from setuptools import setup

setup()
