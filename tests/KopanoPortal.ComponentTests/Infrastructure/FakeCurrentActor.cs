using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using Microsoft.Extensions.Logging.Abstractions;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>
/// The signed-in user, resolved afresh from the directory on every call by the same <see cref="SignInService.ResolveAsync"/>
/// the portal's SignedInActor uses: a user deleted or made non-active meanwhile is nobody, and remotely administered
/// tenants are found as KC finds them (admin-list plus view-list).
/// </summary>
public sealed class FakeCurrentActor(FakeDirectory directory, FakeOperatorStore operators, LoginNameFormat loginFormat, AccessPolicy policy) : ICurrentActor
{
    private static readonly SignInGuard Guard = new(new NoSignInThrottle(), TimeProvider.System);

    // Only resolves: it never signs anybody in, so nothing reaches its audit.
    private readonly SignInService _signIn = new(directory, operators, new KopanoPortal.Core.Operators.OperatorSignIn(operators), Guard, loginFormat, policy,
        new SignInAudit(new FakeAuditLog(), directory, loginFormat, Guard, TimeProvider.System), NullLogger<SignInService>.Instance);

    public ObjectKey? User { get; set; }

    public Task<Actor?> GetAsync(CancellationToken ct) => User is { } key ? _signIn.ResolveAsync(key, ct) : Task.FromResult<Actor?>(null);
}
