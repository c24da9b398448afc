"""Reports, the last stage: one module per output format, each turning lint results into text.

text.py (rich, for people), json.py (the machine contract), sarif.py (code scanning),
github.py (workflow annotations), html.py (side-by-side report); common.py holds what they share.
Reporters may import the model and the engine's results; nothing upstream imports a reporter.
"""
