"""coffeechat: a workshop kit for the four fears that stop people from asking for informational interviews."""

__version__ = "0.1.0"
