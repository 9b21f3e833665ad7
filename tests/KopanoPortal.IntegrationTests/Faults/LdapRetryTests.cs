using System.DirectoryServices.Protocols;
using KopanoPortal.Directory.Ldap;
using KopanoPortal.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KopanoPortal.IntegrationTests.Faults;

/// <summary>
/// When the pool runs a piece of work again after "server down": only when the server did none of it, so that a write
/// is never carried out twice (a tenant created, its answer lost, then refused as "already taken" by the second run).
/// The failures are raised by the work itself, after or before a real request to the test slapd.
/// </summary>
public sealed class LdapRetryTests : IDisposable
{
    private readonly LdapTestServer _server = LdapTestServer.FromEnvironment();
    private readonly LdapConnections _connections;

    public LdapRetryTests() =>
        _connections = new LdapConnections(Options.Create(new LdapOptions
        {
            Uri = _server.Uri, BindUser = _server.BindDn, BindPassword = _server.BindPassword, SearchBase = _server.Base,
        }), NullLogger<LdapConnections>.Instance);

    public void Dispose() => _connections.Dispose();

    private Task<SearchResponse> ReadBaseAsync(LdapConnection connection) =>
        connection.SendAsync(new SearchRequest(_server.Base, "(objectClass=*)", SearchScope.Base, "1.1")).ContinueWith(t => (SearchResponse)t.Result);

    [Fact]
    public async Task Work_the_server_answered_part_of_is_not_run_again_after_server_down()
    {
        var runs = 0;
        await Assert.ThrowsAsync<LdapUnreachableException>(() => _connections.RunAsync<bool>(async c =>
        {
            runs++;
            await ReadBaseAsync(c);
            throw new LdapException(81, "The server went away after answering.");
        }, CancellationToken.None));

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Work_whose_request_timed_out_is_not_run_again()
    {
        var runs = 0;
        await Assert.ThrowsAsync<LdapUnreachableException>(() => _connections.RunAsync<bool>(c =>
        {
            runs++;
            throw new LdapException(LdapCalls.LdapTimeout, "No answer in time; the server may still carry it out.");
        }, CancellationToken.None));

        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task Work_that_failed_before_any_answer_runs_once_more_on_a_fresh_connection()
    {
        var runs = 0;
        var connections = new List<LdapConnection>();
        var answered = await _connections.RunAsync(async c =>
        {
            connections.Add(c);
            if (++runs == 1)
                throw new LdapException(81, "A pooled connection the server closed while idle.");
            return (await ReadBaseAsync(c)).Entries.Count;
        }, CancellationToken.None);

        Assert.Equal((2, 1), (runs, answered));
        Assert.NotSame(connections[0], connections[1]);
    }
}
