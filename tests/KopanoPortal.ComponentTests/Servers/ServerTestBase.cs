using KopanoPortal.ComponentTests.Infrastructure;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Core.Servers;
using Microsoft.Extensions.DependencyInjection;

namespace KopanoPortal.ComponentTests.Servers;

/// <summary>
/// The shared harness with the servers service over <see cref="FakeServerNodes"/>: <c>user_plugin = ldap</c> with
/// <c>enable_distributed_kopano</c> on, unless a test class overrides <see cref="UserPlugin"/> or <see cref="Distributed"/>.
/// </summary>
public abstract class ServerTestBase : ComponentTestBase
{
    protected ServerTestBase()
    {
        Services.Configure<KopanoOptions>(o =>
        {
            o.UserPlugin = UserPlugin;
            o.EnableDistributedKopano = Distributed;
        });
        Nodes = new FakeServerNodes(Directory);
        // With the DB plugin the portal registers no node store (only AddLdapDirectory does), as here.
        if (UserPlugin != "db")
            Services.AddSingleton<IServerNodes>(Nodes);
        Services.AddSingleton<KopanoPortal.Core.Servers.Certificates.INodeCertificateStore>(Certificates);
        Services.AddSingleton<KopanoPortal.Core.Servers.Certificates.IKeyProtector, FakeCertificates.ReversingProtector>();
        Services.AddSingleton<KopanoPortal.Core.Directory.IAuditJournal, FakeCertificates.NoJournal>();
        Services.AddSingleton(new KopanoPortal.Web.Servers.OneTimeDownloads(TimeProvider.System));
    }

    protected virtual string UserPlugin => "ldap";

    protected virtual bool Distributed => true;

    protected FakeServerNodes Nodes { get; }

    protected FakeCertificates.MemoryCertificateStore Certificates { get; } = new();

    /// <summary>The KC admin manual's 6.8.3 nodes: z1 and z2 behind zproxy.example.com.</summary>
    protected (ServerNode Z1, ServerNode Z2) AddSeedNodes() => (
        Nodes.Add(new ServerNode("z1", "z1.example.lan", 236, 237, null, true, "https://zproxy.example.com:237/z1")),
        Nodes.Add(new ServerNode("z2", "z2.example.lan", 236, 237, null, false, "https://zproxy.example.com:237/z2")));

    protected IEnumerable<(string Operation, string Target)> NodeWrites => Nodes.Calls;
}
