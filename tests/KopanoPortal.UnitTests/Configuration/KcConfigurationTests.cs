using KopanoPortal.Core.Configuration;
using KopanoPortal.Core.Kopano;
using KopanoPortal.Directory.Ldap;
using Microsoft.Extensions.Configuration;

namespace KopanoPortal.UnitTests.Configuration;

/// <summary>
/// A KC 11 installation's server.cfg and ldap.cfg as shipped and edited (Fixtures/kc11): server.cfg includes
/// server.local.cfg (which includes server.cfg back), ldap.cfg includes the OpenLDAP template by its absolute
/// /usr/share/kopano path (found beside it here), and the template reads the propmap.
/// </summary>
public sealed class KcConfigurationTests : IDisposable
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Configuration", "Fixtures", "kc11");
    private static string Fixture(string name) => Path.Combine(Fixtures, name);

    private readonly DirectoryInfo _temp = System.IO.Directory.CreateTempSubdirectory("kp-kccfg-");

    public void Dispose() => _temp.Delete(recursive: true);

    /// <summary>The line of <paramref name="file"/> that holds <paramref name="text"/>, found in the fixture itself.</summary>
    private static KcFilePosition At(string file, string text)
    {
        var lines = File.ReadAllLines(Fixture(file));
        var index = Array.FindIndex(lines, l => l.Trim() == text);
        Assert.True(index >= 0, $"{file} has no line '{text}'.");
        return new KcFilePosition(Fixture(file), index + 1);
    }

    private static KcConfiguration LoadPair() => KcConfiguration.Load(Fixture("server.cfg"), Fixture("ldap.cfg"));

    private static IConfigurationRoot Build(KcConfiguration kc, Dictionary<string, string?>? portal = null)
    {
        var builder = new ConfigurationBuilder();
        builder.Add(new KcConfigurationSource(kc));
        if (portal is not null)
            builder.AddInMemoryCollection(portal);
        return builder.Build();
    }

    [Fact]
    public void Every_server_cfg_value_resolves_with_its_file_and_line_or_KCs_default()
    {
        var kc = LoadPair();
        var expected = new (string Key, string Value, KcFilePosition? At)[]
        {
            ("Kopano:user_plugin", "ldap", At("server.cfg", "user_plugin = ldap")),
            ("Kopano:enable_hosted_kopano", "true", At("server.cfg", "enable_hosted_kopano = yes")),
            ("Kopano:enable_distributed_kopano", "false", null),
            ("Kopano:loginname_format", "%u@%c", At("server.cfg", "loginname_format = %u@%c")),
            ("Kopano:storename_format", "%f", At("server.cfg", "storename_format = %f")),
            ("Kopano:disabled_features", "imap pop3 mobile", At("server.cfg", "disabled_features = imap pop3 mobile")),
            ("Kopano:quota_warn", "1000", At("server.cfg", "quota_warn      = 1000")),
            ("Kopano:quota_soft", "1150", At("server.local.cfg", "quota_soft = 1150")),
            ("Kopano:quota_hard", "1200", At("server.cfg", "quota_hard      = 1200")),
            ("Kopano:companyquota_warn", "5000", At("server.cfg", "companyquota_warn = 5000")),
            ("Kopano:proxy_header", "X-Forwarded-From", At("server.local.cfg", "proxy_header = X-Forwarded-From")),
        };
        foreach (var (key, value, at) in expected)
        {
            Assert.True(kc.Values.TryGetValue(key, out var actual), $"{key} is missing.");
            Assert.Equal((key, value, at), (key, actual.Value, actual.Position));
        }
        Assert.Equal("yes", kc.Values["Kopano:enable_hosted_kopano"].Written);

        Assert.Equal("mysql", kc.Values["Database:Provider"].Value);
        Assert.Equal(Fixture("server.cfg"), kc.Values["Database:ServerCfg"].Value);
        var database = new (string Key, string Value, KcFilePosition? At)[]
        {
            ("mysql_host", "db.example.lan", At("server.cfg", "mysql_host      = db.example.lan")),
            ("mysql_port", "3306", null),
            ("mysql_user", "kopano", At("server.cfg", "mysql_user      = kopano")),
            ("mysql_database", "kopano_prod", At("server.cfg", "mysql_database  = kopano_prod")),
            ("server_name", "mail1", At("server.cfg", "server_name = mail1")),
        };
        foreach (var (key, value, at) in database)
            Assert.Equal((key, value, at), (key, kc.KcOptions[key].Value, kc.KcOptions[key].Position));
        // The database password is read by the connection (Database:ServerCfg), never kept for display.
        Assert.False(kc.KcOptions.ContainsKey("mysql_password"));
        Assert.DoesNotContain(kc.Values.Values, v => v.Value.Contains("s3cret-db-pass", StringComparison.Ordinal));

        Assert.Equal((Fixture("server.cfg"), Fixture("ldap.cfg")), (kc.ServerConfig!, kc.LdapConfig!));
        var cycle = Assert.Single(kc.Notes, n => n.Contains("read already", StringComparison.Ordinal));
        Assert.StartsWith($"{At("server.local.cfg", "!include server.cfg")}: server.cfg was read already", cycle, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_ldap_cfg_value_resolves_through_the_template_include_and_the_propmap()
    {
        var kc = LoadPair();
        var expected = new (string Key, string Value, KcFilePosition? At)[]
        {
            ("Ldap:ldap_uri", "ldap://ldap1.example.lan:389/ ldaps://ldap2.example.lan:636/", At("ldap.cfg", "ldap_uri = ldap://ldap1.example.lan:389/ ldaps://ldap2.example.lan:636/")),
            ("Ldap:ldap_bind_user", "cn=kopano,ou=services,dc=example,dc=lan", At("ldap.cfg", "ldap_bind_user = cn=kopano,ou=services,dc=example,dc=lan")),
            ("Ldap:ldap_bind_passwd", "s3cret-bind-pass", At("ldap.cfg", "ldap_bind_passwd = s3cret-bind-pass")),
            ("Ldap:ldap_search_base", "dc=example,dc=lan", At("ldap.cfg", "ldap_search_base = dc=example,dc=lan")),
            ("Ldap:ldap_starttls", "false", null),
            ("Ldap:ldap_network_timeout", "30", null),
            ("Ldap:ldap_page_size", "1000", null),
            ("LdapMapping:ldap_user_type_attribute_value", "posixAccount", At("ldap.openldap.cfg", "ldap_user_type_attribute_value = posixAccount")),
            ("LdapMapping:ldap_company_type_attribute_value", "organizationalUnit", At("ldap.openldap.cfg", "ldap_company_type_attribute_value = organizationalUnit")),
            ("LdapMapping:ldap_user_unique_attribute", "uidNumber", At("ldap.openldap.cfg", "ldap_user_unique_attribute = uidNumber")),
            ("LdapMapping:ldap_user_search_filter", "", At("ldap.openldap.cfg", "ldap_user_search_filter =")),
            ("LdapMapping:ldap_groupmembers_attribute", "memberUid", At("ldap.openldap.cfg", "ldap_groupmembers_attribute = memberUid")),
            // ldap.cfg's own line comes after the template's include, so it wins.
            ("LdapMapping:ldap_groupmembers_relation_attribute", "uidNumber", At("ldap.cfg", "ldap_groupmembers_relation_attribute = uidNumber")),
            // The old name sets the current option.
            ("LdapMapping:ldap_sendas_attribute_type", "text", At("ldap.cfg", "ldap_user_sendas_attribute_type = text")),
            ("LdapMapping:ldap_user_certificate_attribute", "userCertificate;binary", At("ldap.openldap.cfg", "ldap_user_certificate_attribute = userCertificate;binary")),
            ("LdapMapping:ldap_object_search_filter", "(|(mail=*%s*)(givenName=*%s*)(sn=*%s*))", At("ldap.openldap.cfg", "ldap_object_search_filter = (|(mail=*%s*)(givenName=*%s*)(sn=*%s*))")),
            ("LdapMapping:ldap_isadmin_attribute", "kopanoAdmin", null),
            ("LdapMapping:ldap_sendas_relation_attribute", "", null),
            ("LdapMapping:ldap_server_address_attribute", "ipHostNumber", At("ldap.openldap.cfg", "ldap_server_address_attribute = ipHostNumber")),
            ("LdapMapping:0x67B3101E", "kopanoEnabledFeatures", At("ldap.propmap.cfg", "0x67B3101E = kopanoEnabledFeatures")),
            ("LdapMapping:0x67B4101E", "kopanoDisabledFeatures", At("ldap.propmap.cfg", "0x67B4101E = kopanoDisabledFeatures")),
            ("LdapMapping:0x3A06001E", "givenName", At("ldap.propmap.cfg", "0x3A06001E = givenName")),
        };
        foreach (var (key, value, at) in expected)
        {
            Assert.True(kc.Values.TryGetValue(key, out var actual), $"{key} is missing.");
            Assert.Equal((key, value, at), (key, actual.Value, actual.Position));
        }
        // Every mapping option KC knows is there, from a file or as KC's default; the propmap is not mistaken for options.
        Assert.All(KcDefaults.LdapMapping, d => Assert.True(kc.Values.ContainsKey($"LdapMapping:{d.Key}"), d.Key));
        Assert.False(kc.KcOptions.ContainsKey("ldap_user_sendas_attribute_type"));
        Assert.Empty(KcConfigChecks.Check(kc));
    }

    [Fact]
    public void The_portals_option_classes_bind_the_files_values()
    {
        var configuration = Build(LoadPair());

        var kopano = configuration.GetSection(KopanoOptions.Section).Get<KopanoOptions>()!;
        Assert.Equal(("ldap", true, false, "%u@%c"), (kopano.UserPlugin, kopano.EnableHostedKopano, kopano.EnableDistributedKopano, kopano.LoginNameFormat));
        Assert.Equal(["imap", "pop3", "mobile"], kopano.DisabledFeatureList);
        var quota = configuration.GetSection(QuotaOptions.Section).Get<QuotaOptions>()!;
        Assert.Equal((1000L, 1150L, 1200L, 5000L), (quota.WarnMb, quota.SoftMb, quota.HardMb, quota.CompanyWarnMb));
        var ldap = configuration.GetSection(LdapOptions.Section).Get<LdapOptions>()!;
        Assert.Equal(["ldap://ldap1.example.lan:389/", "ldaps://ldap2.example.lan:636/"], ldap.Uris);
        Assert.Equal(("cn=kopano,ou=services,dc=example,dc=lan", "dc=example,dc=lan", false), (ldap.BindUser, ldap.SearchBase, ldap.StartTls));
        var mapping = LdapMapping.From(configuration.GetSection(LdapMapping.Section));
        Assert.Equal(("uidNumber", "memberUid", "uidNumber", "gidNumber", "kopanoEnabledFeatures", "kopanoDisabledFeatures"),
            (mapping.UserUniqueAttribute, mapping.GroupMembersAttribute, mapping.GroupMembersRelationAttribute, mapping.GroupUniqueAttribute,
             mapping.EnabledFeaturesAttribute, mapping.DisabledFeaturesAttribute));
        Assert.True(new LdapOptionsValidator(mapping).Validate(null, ldap).Succeeded);
    }

    [Fact]
    public void The_portals_own_settings_override_the_files_and_the_origin_says_which_won()
    {
        var configuration = Build(LoadPair(), new() { ["Kopano:quota_warn"] = "2000" });

        Assert.Equal(2000L, configuration.GetSection(QuotaOptions.Section).Get<QuotaOptions>()!.WarnMb);
        var warn = SettingOrigins.Find(configuration, "Kopano:quota_warn")!;
        Assert.Equal(("2000", false), (warn.Value, warn.FromKcFile));
        Assert.StartsWith("the portal's settings", warn.Source, StringComparison.Ordinal);

        var soft = SettingOrigins.Find(configuration, "Kopano:quota_soft")!;
        var line = At("server.local.cfg", "quota_soft = 1150").Line;
        Assert.Equal(("1150", $"server.local.cfg, line {line} ({Fixture("server.local.cfg")})", true), (soft.Value, soft.Source, soft.FromKcFile));
        Assert.Equal(SettingOrigins.KcDefault, SettingOrigins.Find(configuration, "Kopano:enable_distributed_kopano")!.Source);
        Assert.Null(SettingOrigins.Find(configuration, "Kopano:no_such_option"));
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp.FullName, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }

    [Fact]
    public void An_include_cycle_reads_each_file_once_and_keeps_the_last_value()
    {
        var a = Write("a.cfg", "quota_warn = 1\n!include b.cfg\n");
        Write("b.cfg", "quota_soft = 2\n!include a.cfg\n!include b.cfg\nquota_warn = 3\n");

        var kc = KcConfiguration.Load(a, null);

        Assert.Equal(("3", "2"), (kc.Values["Kopano:quota_warn"].Value, kc.Values["Kopano:quota_soft"].Value));
        Assert.Equal(2, kc.Notes.Count(n => n.Contains("read already", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_missing_include_is_refused_naming_the_line_that_includes_it()
    {
        var server = Write("server.cfg", "# KC\nuser_plugin = db\n!include local/missing.cfg\n");

        var e = Assert.Throws<KcConfigFileException>(() => KcConfiguration.Load(server, null));

        Assert.StartsWith($"{server}:3: the included file {Path.Combine(_temp.FullName, "local", "missing.cfg")} does not exist.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_named_in_the_setting_is_refused()
    {
        var e = Assert.Throws<KcConfigFileException>(() => KcConfiguration.Load(Path.Combine(_temp.FullName, "server.cfg"), null));
        Assert.Equal($"The KC configuration file {Path.Combine(_temp.FullName, "server.cfg")} does not exist.", e.Message);
    }

    [Fact]
    public void Includes_nested_deeper_than_the_limit_are_refused()
    {
        for (var i = 0; i <= KcConfigFile.MaxIncludeDepth + 1; i++)
            Write($"f{i}.cfg", $"!include f{i + 1}.cfg\n");
        Write($"f{KcConfigFile.MaxIncludeDepth + 2}.cfg", "quota_warn = 1\n");

        var e = Assert.Throws<KcConfigFileException>(() => KcConfiguration.Load(Path.Combine(_temp.FullName, "f0.cfg"), null));
        Assert.Contains("nest deeper than", e.Message, StringComparison.Ordinal);

        // At the limit itself the chain reads.
        Write($"g{KcConfigFile.MaxIncludeDepth}.cfg", "quota_warn = 7\n");
        for (var i = 0; i < KcConfigFile.MaxIncludeDepth; i++)
            Write($"g{i}.cfg", $"!include g{i + 1}.cfg\n");
        Assert.Equal("7", KcConfiguration.Load(Path.Combine(_temp.FullName, "g0.cfg"), null).Values["Kopano:quota_warn"].Value);
    }

    [Theory]
    [InlineData("quota_warn = lots", "quota_warn = 'lots' is not a whole number")]
    [InlineData("quota_hard = -5", "quota_hard = '-5' is not a whole number")]
    [InlineData("mysql_port = 99999", "mysql_port = '99999' is not a whole number")]
    public void A_value_KC_would_read_as_zero_is_refused_with_its_line(string line, string message)
    {
        var server = Write("server.cfg", $"user_plugin = db\n{line}\n");

        var e = Assert.Throws<KcConfigFileException>(() => KcConfiguration.Load(server, null));

        Assert.StartsWith($"{server}:2: {message}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_KC_reads_past_are_noted_not_fatal()
    {
        var server = Write("server.cfg", "  # indented comment\nthis line has no equals sign\n!unknown thing\nquota_warn = 5 # not a comment in KC\nquota_soft = 6\n");

        var e = Assert.Throws<KcConfigFileException>(() => KcConfiguration.Load(server, null));
        Assert.Contains("quota_warn = '5 # not a comment in KC'", e.Message, StringComparison.Ordinal);

        File.WriteAllText(server, "this line has no equals sign\n!unknown thing\nquota_soft = 6\n");
        var kc = KcConfiguration.Load(server, null);
        Assert.Equal("6", kc.Values["Kopano:quota_soft"].Value);
        Assert.Equal(2, kc.Notes.Count);
    }

    [Fact]
    public void An_absolute_include_missing_here_is_found_beside_the_including_file()
    {
        var ldap = Write("etc/ldap.cfg", "!include /nonexistent-kopano-share/ldap.openldap.cfg\nldap_search_base = dc=x\n");
        var template = Write("etc/ldap.openldap.cfg", "ldap_user_unique_attribute = uidNumber\n");

        var kc = KcConfiguration.Load(null, ldap);

        Assert.Equal(new KcFilePosition(template, 1), kc.Values["LdapMapping:ldap_user_unique_attribute"].Position);
    }

    [Fact]
    public void With_the_ldap_plugin_the_ldap_cfg_comes_from_user_plugin_config()
    {
        var ldap = Write("kopano/ldap.cfg", "ldap_search_base = dc=from-plugin-config\n");
        var server = Write("server.cfg", $"user_plugin = ldapms\nuser_plugin_config = {ldap}\n");

        var kc = KcConfiguration.Load(server, null);

        Assert.Equal(ldap, kc.LdapConfig);
        Assert.Equal("dc=from-plugin-config", kc.Values["Ldap:ldap_search_base"].Value);
        // With the db plugin KC reads no ldap.cfg, and neither does the portal unless told to.
        Assert.Null(KcConfiguration.Load(Write("db.cfg", $"user_plugin = db\nuser_plugin_config = {ldap}\n"), null).LdapConfig);
    }

    [Fact]
    public void KC_8_7s_ldap_host_and_port_become_the_uri()
    {
        var ldap = Write("ldap.cfg", "ldap_host = ldap1 ldap2\nldap_port = 10389\nldap_protocol = ldap\nldap_uri =\n");

        var kc = KcConfiguration.Load(null, ldap);

        Assert.Equal("ldap://ldap1:10389/ ldap://ldap2:10389/", kc.Values["Ldap:ldap_uri"].Value);
        Assert.Equal(new KcFilePosition(ldap, 1), kc.Values["Ldap:ldap_uri"].Position);
        Assert.False(kc.Values.ContainsKey("LdapMapping:ldap_host"));
    }

    [Fact]
    public void Without_files_nothing_is_read()
    {
        var kc = KcConfiguration.Load(" ", null);
        Assert.Empty(kc.Values);
        Assert.Empty(KcConfigChecks.Check(kc));
    }
}
