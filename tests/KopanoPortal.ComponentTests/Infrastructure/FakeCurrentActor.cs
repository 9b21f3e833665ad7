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
    private readonly SignInService _signIn = new(directory, operators, new KopanoPortal.Core.Operators.OperatorSignIn(operators), new SignInGuard(new NoSignInThrottle(), TimeProvider.System), loginFormat, policy, NullLogger<SignInService>.Instance);

    public ObjectKey? User { get; set; }

    public Task<Actor?> GetAsync(CancellationToken ct) => User is { } key ? _signIn.ResolveAsync(key, ct) : Task.FromResult<Actor?>(null);
}
