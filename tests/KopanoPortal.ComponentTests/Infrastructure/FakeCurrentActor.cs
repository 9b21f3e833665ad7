using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>
/// The signed-in user, resolved afresh from the directory on every call as the portal's SignedInActor does:
/// a user deleted or made non-active meanwhile is nobody.
/// </summary>
public sealed class FakeCurrentActor(FakeDirectory directory, LoginNameFormat loginFormat) : ICurrentActor
{
    public ObjectKey? User { get; set; }

    public Task<Actor?> GetAsync(CancellationToken ct)
    {
        if (User is not { } key || directory.User(key) is not { IsActive: true } user)
            return Task.FromResult<Actor?>(null);
        var tenantName = user.Tenant is { } tenant ? directory.Tenant(tenant)?.Name : null;
        return Task.FromResult<Actor?>(new Actor(user.Summary, loginFormat.Render(user.Name, tenantName), tenantName));
    }
}
