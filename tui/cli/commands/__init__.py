"""One module per `psamap` command, each exporting `COMMAND` (see `tui.cli.command`).

Registered in `tui.cli.all_commands()`: adding a command is a new module here plus one line there.
"""
