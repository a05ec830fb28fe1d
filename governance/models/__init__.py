from governance.models.tenancy import Department, Facility, Membership, Municipality, Party, Role, User

__all__ = ["Department", "Facility", "Membership", "Municipality", "Party", "Role", "User"]
