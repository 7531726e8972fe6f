"""Reports and review: the weekly report (周报) and work brief, the town's inbox (待办), the
overview (总览) and the printable tables."""
