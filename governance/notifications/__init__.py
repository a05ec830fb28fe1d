"""Notifications (お知らせ): what a person must do next, in their inbox on the home page and by e-mail.

A notification holds references and dates, never a personal value: its text is written from its kind and
those references when shown or mailed, in the reader's language (Japanese by default). Sending, mailing and
reading each write an audit event.
"""
