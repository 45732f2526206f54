"""spaCy components of meeting_nlp, and what they share (alignment of rule matches)."""
