"""The week of sessions (场次) and their sign-in (签到): sessions, attendance marks and where a list
starts from, photos and scans, the paper sign-in sheet's content, person-times, and the courses."""
