"""Following violations to closure: orders, correction points, feedback, deadlines,
appeals, closure, the office dashboard and reminders (issue 6)."""
