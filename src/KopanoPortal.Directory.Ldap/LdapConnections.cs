using System.Collections.Concurrent;
using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Runtime.CompilerServices;
using KopanoPortal.Core.Directory;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KopanoPortal.Directory.Ldap;

/// <summary>No URI in ldap_uri answered.</summary>
public sealed class LdapUnreachableException(string servers, Exception? inner)
    : KopanoPortal.Core.Directory.DirectoryUnavailableException(servers, inner);

/// <summary>
/// A small pool of connections bound as ldap_bind_user. A connection is opened against the first URI of
/// ldap_uri that answers, so when one server is down the next takes over (as KC does for AD global catalogs).
/// System.DirectoryServices.Protocols has no asynchronous bind; connecting runs on the thread pool, bounded like every request.
/// </summary>
public sealed partial class LdapConnections(IOptions<LdapOptions> options, ILogger<LdapConnections> log) : IDisposable
{
    private readonly LdapOptions _options = options.Value;
    private readonly ConcurrentBag<LdapConnection> _idle = [];
    private readonly SemaphoreSlim _slots = new(options.Value.PoolSize, options.Value.PoolSize);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<LdapConnection, object> _closeAfterUse = new();

    public LdapOptions Options => _options;

    /// <summary>Runs <paramref name="work"/> on a pooled connection; a connection that lost its server is dropped and the work retried once elsewhere.</summary>
    public async Task<T> RunAsync<T>(Func<LdapConnection, Task<T>> work, CancellationToken ct, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var activity = DirectoryTelemetry.StartCall("ldap", operation.EndsWith("Async", StringComparison.Ordinal) ? operation[..^5] : operation);
        Exception? failure = null;
        try
        {
            await _slots.WaitAsync(ct);
            try
            {
                return await RunPooledAsync(work, ct);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            DirectoryTelemetry.EndCall(activity, "ldap", started, failure);
        }
    }

    private async Task<T> RunPooledAsync<T>(Func<LdapConnection, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var connection = _idle.TryTake(out var idle) ? idle : await ConnectAsync(_options.BindUser, _options.BindPassword, ct);
            var answeredBefore = LdapCalls.AnswersOn(connection);
            try
            {
                var result = await work(connection);
                Release(connection);
                return result;
            }
            // A pooled connection the server closed while it was idle fails at the work's first request, before the
            // server did anything: the work runs once more on a fresh connection. Once the server answered a request
            // of it, or one went unanswered (a timeout: the server may still carry it out), a write may be done, and
            // running the work again would do it twice or find its own entry "already taken": the caller hears it.
            catch (LdapException e) when (IsServerDown(e) && attempt == 0 && e.ErrorCode != LdapCalls.LdapTimeout
                                          && LdapCalls.AnswersOn(connection) == answeredBefore)
            {
                LogServerLost(log, e.Message);
                LdapCalls.Retire(connection);
                // The idle ones most likely talk to the same dead server: reconnect along ldap_uri instead.
                while (_idle.TryTake(out var stale))
                    stale.Dispose();
            }
            catch (LdapException e) when (IsServerDown(e))
            {
                LdapCalls.Retire(connection);
                throw new LdapUnreachableException(string.Join(" ", _options.Uris), e);
            }
            catch
            {
                // The request failed, not the connection (a directory error): it stays usable.
                Release(connection);
                throw;
            }
        }
    }

    /// <summary>
    /// Closes <paramref name="connection"/> when its current work ends instead of pooling it: slapd keeps a VLV
    /// context (the sorted list of every match) until the connection that made it closes (LdapSortedPages.cs).
    /// </summary>
    internal void CloseAfterUse(LdapConnection connection) => _closeAfterUse.AddOrUpdate(connection, this);

    private void Release(LdapConnection connection)
    {
        if (_closeAfterUse.TryGetValue(connection, out _))
            LdapCalls.Retire(connection);
        else
            _idle.Add(connection);
    }

    /// <summary>True when <paramref name="dn"/> binds with <paramref name="password"/>: how KC authenticates against LDAP.</summary>
    public async Task<bool> CanBindAsync(string dn, string password, CancellationToken ct)
    {
        if (password.Length == 0)
            return false; // an empty password would be an anonymous bind, which "succeeds"
        try
        {
            using var connection = await ConnectAsync(dn, password, ct);
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    private async Task<LdapConnection> ConnectAsync(string bindDn, string password, CancellationToken ct)
    {
        Exception? last = null;
        foreach (var uri in _options.Uris)
        {
            ct.ThrowIfCancellationRequested();
            LdapConnection? connection = null;
            try
            {
                connection = Create(new Uri(uri));
                var credential = new NetworkCredential(bindDn, password);
                await LdapCalls.BoundedAsync(connection, () =>
                {
                    if (_options.StartTls && !connection.SessionOptions.SecureSocketLayer)
                        StartTls(connection);
                    connection.Bind(credential);
                    return true;
                });
                return connection;
            }
            catch (LdapException e) when (IsServerDown(e))
            {
                LogServerDown(log, uri, e.Message);
                if (connection is not null)
                    LdapCalls.Retire(connection);
                last = e;
            }
            catch
            {
                if (connection is not null)
                    LdapCalls.Retire(connection);
                throw;
            }
        }
        throw new LdapUnreachableException(string.Join(" ", _options.Uris), last);
    }

    private LdapConnection Create(Uri uri)
    {
        var secure = uri.Scheme.Equals("ldaps", StringComparison.OrdinalIgnoreCase);
        var port = uri.IsDefaultPort || uri.Port <= 0 ? (secure ? 636 : 389) : uri.Port;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(uri.Host, port))
        {
            // A simple bind; with an empty DN and password libldap binds anonymously.
            AuthType = AuthType.Basic,
            Timeout = TimeSpan.FromSeconds(_options.NetworkTimeoutSeconds),
        };
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
        if (_options.CaCertificateDirectory is { Length: > 0 } caDirectory && OperatingSystem.IsLinux())
        {
            connection.SessionOptions.TrustedCertificatesDirectory = caDirectory;
            connection.SessionOptions.StartNewTlsSessionContext();
        }
        if (secure)
            connection.SessionOptions.SecureSocketLayer = true;
        return connection;
    }

    /// <summary>
    /// On Linux, System.DirectoryServices.Protocols only opens the socket at the first bind, and StartTLS on a
    /// socket that is not open fails with "server unavailable" (dotnet/runtime#56619). An anonymous bind opens it
    /// without sending any secret; then TLS starts, and the real bind goes over it.
    /// </summary>
    private static void StartTls(LdapConnection connection)
    {
        connection.Bind(new NetworkCredential("", ""));
        connection.SessionOptions.StartTransportLayerSecurity(null);
    }

    /// <summary>LDAP_SERVER_DOWN (81), LDAP_TIMEOUT (85) and LDAP_CONNECT_ERROR (91) from libldap.</summary>
    private static bool IsServerDown(LdapException e) => e.ErrorCode is 81 or 85 or 91 or -1;

    public void Dispose()
    {
        while (_idle.TryTake(out var connection))
            connection.Dispose();
        _slots.Dispose();
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "LDAP server {Uri} is down ({Reason}); trying the next one")]
    private static partial void LogServerDown(ILogger logger, string uri, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "LDAP connection lost ({Reason}); reconnecting")]
    private static partial void LogServerLost(ILogger logger, string reason);
}
