"""FollowUps (placeholder until the full screen lands)."""
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.binding import Binding


class FollowUpsScreen(Screen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self):
        yield Header()
        yield Static("FollowUps")
        yield Footer()
