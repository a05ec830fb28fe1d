"""/committee/ — the committee's and the departments' pages for submissions (issue 4)."""
