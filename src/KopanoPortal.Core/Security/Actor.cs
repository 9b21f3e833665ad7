using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;

namespace KopanoPortal.Core.Security;

/// <summary>The signed-in user as the directory knows them now (not as they were at sign-in).</summary>
/// <param name="RemoteTenants">
/// Other tenants this user administers as KC's GetAdminCompanies() finds them: on the tenant's remote-admin list
/// (relation 3) and visible to the user's own tenant through the tenant's view-list (relation 2) (reference/kopano.md §5.7).
/// </param>
public sealed record Actor(UserSummary User, string Login, string? TenantName, IReadOnlyList<DirectoryObjectRef>? RemoteTenants = null)
{
    public AdminLevel Level => User.AdminLevel;

    public ObjectKey? Tenant => User.Tenant;

    public IReadOnlyList<DirectoryObjectRef> AdministeredRemotely => RemoteTenants ?? [];

    /// <summary>The tenants a non-system-admin administers (hosted): their own as company admin, then the remote ones.</summary>
    public IReadOnlyList<ObjectKey> AdministeredTenants =>
        (Level == AdminLevel.CompanyAdmin && Tenant is { } own ? [own] : Array.Empty<ObjectKey>())
            .Concat(AdministeredRemotely.Select(t => t.Key)).Distinct().ToList();
}

/// <summary>Who is making the current call; null when nobody is signed in.</summary>
public interface ICurrentActor
{
    /// <summary>The caller; null too while they must first enrol a second factor (<see cref="Services.SecondFactorPolicy.MustEnrollAsync"/>).</summary>
    Task<Actor?> GetAsync(CancellationToken ct);

    /// <summary>The caller even while they must enrol a second factor: only the enrolment may use it.</summary>
    Task<Actor?> GetForEnrollmentAsync(CancellationToken ct) => GetAsync(ct);
}
