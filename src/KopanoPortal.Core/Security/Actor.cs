using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Security;

/// <summary>The signed-in user as the directory knows them now (not as they were at sign-in).</summary>
public sealed record Actor(UserSummary User, string Login, string? TenantName)
{
    public AdminLevel Level => User.AdminLevel;

    public ObjectKey? Tenant => User.Tenant;
}

/// <summary>Who is making the current call; null when nobody is signed in.</summary>
public interface ICurrentActor
{
    Task<Actor?> GetAsync(CancellationToken ct);
}
