using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Security;

/// <summary>
/// "At least one active system admin": the service checks it for the page's message, and every store checks it again
/// in the same serialised step as the write (<see cref="Directory.IDirectory.UpdateUserAsync"/>,
/// <see cref="Directory.IDirectory.DeleteUserAsync"/>), so two admins demoting each other at once cannot both succeed.
/// </summary>
public static class SystemAdminRule
{
    public const string LastOneMessage = "This is the last system admin: make someone else system admin first.";

    public static InvalidInput LastOnUpdate => new(nameof(UserForm.AdminLevel), Text.T(LastOneMessage));

    public static Forbidden LastOnDelete => new(Text.T(LastOneMessage));

    /// <summary>Whether <paramref name="change"/> takes an active system admin out of that role (demotion or deactivation).</summary>
    public static bool Removes(UserSummary before, UserChange change) => Removes(before) && CouldRemove(change);

    /// <summary>Whether <paramref name="change"/> would take a system admin out of that role, if the user is one.</summary>
    public static bool CouldRemove(UserChange change) =>
        (change.AdminLevel is { } level && level != AdminLevel.SystemAdmin) || change.IsActive == false;

    /// <summary>Whether deleting <paramref name="before"/> takes an active system admin away.</summary>
    public static bool Removes(UserSummary before) => before.IsActive && before.AdminLevel == AdminLevel.SystemAdmin;
}
