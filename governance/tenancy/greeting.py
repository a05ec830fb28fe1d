"""How the home page greets a user: by the name an app above holds for them, else by their login.

A login holds no name (staff are known by their username); a guardian's name is childcare's, encrypted.
Childcare registers a hook in ``AppConfig.ready()`` that returns the name (recording the read) or ``None``.
"""

from collections.abc import Callable

from governance.tenancy.models import User

GreetingName = Callable[[User], str | None]

_HOOKS: list[GreetingName] = []


def register_greeting_name(hook: GreetingName) -> None:
    """Let an app name the user on the home page; registering the same hook again changes nothing."""
    if hook not in _HOOKS:
        _HOOKS.append(hook)


def greeting_name(*, user: User) -> str:
    """The first name a registered hook gives for the user, else their username."""
    for hook in _HOOKS:
        name = hook(user)
        if name:
            return name
    return user.username
