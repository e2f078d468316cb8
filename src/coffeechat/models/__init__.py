"""The participant's workshop as pure models: answers, the session, the plan, messages, role-play, dates."""
