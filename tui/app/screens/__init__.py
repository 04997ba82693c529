"""Screens of the Textual app.

Each screen's CSS is its `DEFAULT_CSS`, never a `CSS_PATH` file (or `CSS`): pushing a
screen whose file the app has not read yet makes Textual parse every stylesheet of the
app again from scratch and restyle every widget of every screen, in the turn that pushes
it. That was ~34 ms of the event loop on the key that opens the mapping screen (and a
second parse of all CSS before the picker's first frame); a widget's or screen's default
CSS is parsed alone, once, when its first instance mounts.
"""
