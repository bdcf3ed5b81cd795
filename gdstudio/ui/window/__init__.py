"""The main window and what frames it: menus, sessions, languages, help, errors."""
