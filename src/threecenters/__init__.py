"""Three Centers (三中心): a subdistrict's community-governance platform."""

__version__ = "0.1.0"
