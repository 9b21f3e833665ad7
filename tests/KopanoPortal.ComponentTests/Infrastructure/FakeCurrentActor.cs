using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Model;
using KopanoPortal.Core.Security;
using KopanoPortal.Core.Services;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>
/// The signed-in user, resolved afresh from the directory on every call by the same <see cref="SignInService.ResolveAsync"/>
/// the portal's SignedInActor uses: a user deleted or made non-active meanwhile is nobody, and remotely administered
/// tenants are found as KC finds them (admin-list plus view-list). Like SignedInActor, nobody while they must first
/// enrol a second factor, except for the enrolment.
/// </summary>
public sealed class FakeCurrentActor : ICurrentActor
{
    private readonly SignInService _signIn;
    private readonly SecondFactorPolicy _secondFactors;

    public FakeCurrentActor(FakeDirectory directory, FakeOperatorStore operators, LoginNameFormat loginFormat, AccessPolicy policy,
        FakeSecondFactors factors, MfaOptions mfa)
    {
        var guard = new SignInGuard(new NoSignInThrottle(), TimeProvider.System);
        _secondFactors = new SecondFactorPolicy(factors, Options.Create(mfa));
        // Only resolves: it never signs anybody in, so nothing reaches its audit.
        _signIn = new(directory, directory, directory, operators, new KopanoPortal.Core.Operators.OperatorSignIn(operators), guard, loginFormat, policy,
            new SignInAudit(new FakeAuditLog(), directory, loginFormat, guard, TimeProvider.System), _secondFactors,
            NullLogger<SignInService>.Instance);
    }

    public ObjectKey? User { get; set; }

    public async Task<Actor?> GetAsync(CancellationToken ct) =>
        await GetForEnrollmentAsync(ct) is { } actor && !await _secondFactors.MustEnrollAsync(actor, ct) ? actor : null;

    public Task<Actor?> GetForEnrollmentAsync(CancellationToken ct) => User is { } key ? _signIn.ResolveAsync(key, ct) : Task.FromResult<Actor?>(null);
}
