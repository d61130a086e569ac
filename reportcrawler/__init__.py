"""reportcrawler: government information-disclosure annual reports, found,
normalized and stored with their raw pages."""

__version__ = "0.1.0"
