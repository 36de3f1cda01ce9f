"""The domain layer: models and pure rules. Imports neither Textual nor TinyDB."""
