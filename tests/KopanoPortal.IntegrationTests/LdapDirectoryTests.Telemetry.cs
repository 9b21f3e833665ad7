using System.Collections.Concurrent;
using System.Diagnostics;
using KopanoPortal.Core.Directory;

namespace KopanoPortal.IntegrationTests;

// The LDAP calls OpenTelemetry sees when it is configured: no library traces System.DirectoryServices.Protocols.
public sealed partial class LdapDirectoryTests
{
    [Fact]
    public async Task Every_round_of_calls_to_the_LDAP_server_is_a_client_span_named_after_what_it_does()
    {
        using var testSource = new ActivitySource("KopanoPortal.IntegrationTests.Telemetry");
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is DirectoryTelemetry.Name || source == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityTraceId trace;
        using (var request = testSource.StartActivity("a request"))
        {
            trace = request!.TraceId;
            var tenant = await NewTenantAsync("tracedorg");
            Assert.True((await H.Tenants(s => s.GetAsync(tenant, Ct))).Succeeded);
        }

        // Other test classes talk to the same server at the same time: only this trace's spans count.
        var spans = stopped.Where(a => a.TraceId == trace && a.Source.Name == DirectoryTelemetry.Name).ToList();
        Assert.NotEmpty(spans);
        Assert.All(spans, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal("ldap", span.GetTagItem("db.system.name"));
            Assert.StartsWith("ldap ", span.DisplayName, StringComparison.Ordinal);
            Assert.NotEqual(ActivityStatusCode.Error, span.Status);
        });
        var names = spans.Select(s => s.DisplayName).ToHashSet();
        Assert.Contains("ldap tenant.create", names);   // an audited write: the audit action names it
        Assert.Contains("ldap GetTenant", names);       // a read: the directory operation names it
        Assert.DoesNotContain(names, n => n is "ldap ReadAsync" or "ldap Read" or "ldap RunAsync" or "ldap ");
    }
}
