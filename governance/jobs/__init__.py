"""Background jobs (バックグラウンド処理): long work started from a page, run by a Celery task, with a progress bar.

One mechanism for every kind of job: a :class:`BackgroundJob` row says who started what and how it ended
(counts and problems); a task built on :class:`~governance.jobs.tasks.JobTask` runs the kind's body with a
progress callback; the progress itself travels out of band (the task's Celery state), so the body's own
transaction stays whole and nothing is committed early to show how far it got.
"""
