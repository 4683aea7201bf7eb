"""Plans: the model, plan files, the active plan, following it week by week, reminders, today."""
