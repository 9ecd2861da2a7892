"""The outbox: every e-mail is a row written in the move's transaction, sent later by a task."""
