"""The app's screens, one module each (the live call screen lives in ``tui.live_call``)."""
