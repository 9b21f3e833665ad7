using System.Globalization;
using KopanoPortal.Core.Security;

namespace KopanoPortal.IntegrationTests.Infrastructure;

/// <summary>The caller the services see; the test sets it (the web app resolves it from the sign-in cookie).</summary>
public sealed class TestCurrentActor : ICurrentActor
{
    private readonly AsyncLocal<Actor?> _inThisFlow = new();
    private volatile Actor? _current;

    public Actor? Current
    {
        get => _current;
        set => _current = value;
    }

    /// <summary>Makes <paramref name="actor"/> the caller of the calls made from this async flow only (two callers racing).</summary>
    public void CallAs(Actor actor) => _inThisFlow.Value = actor;

    public Task<Actor?> GetAsync(CancellationToken ct) => Task.FromResult(_inThisFlow.Value ?? _current);
}

/// <summary>
/// A clock the test moves by hand, in UTC, so modtime values are exact and "refreshed" is provable without sleeping.
/// (The app registers TimeProvider.System; this replaces only that registration.)
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
            _now += by;
    }

    /// <summary>What KC's FROM_UNIXTIME() would store for now (the clock's local zone is UTC).</summary>
    public string ModTime => GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

/// <summary>
/// Stands in for Data Protection (a web-project service) in the store tests: reversible and visibly not the secret.
/// The end-to-end tests check the real encryption in the rows.
/// </summary>
public sealed class TestSecretProtector : KopanoPortal.Core.Directory.ISecretProtector, KopanoPortal.Core.Servers.Certificates.IKeyProtector
{
    public string Protect(string secret) => "protected:" + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(secret));

    public string Unprotect(string protectedSecret) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(protectedSecret["protected:".Length..]));
}
