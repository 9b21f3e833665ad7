using KopanoPortal.Core.Configuration;

namespace KopanoPortal.UnitTests.Configuration;

/// <summary>kopano-cfgchecker's rules on the values KC reads from its files: one line each, naming file and line.</summary>
public sealed class KcConfigChecksTests : IDisposable
{
    private readonly DirectoryInfo _temp = System.IO.Directory.CreateTempSubdirectory("kp-kccheck-");

    public void Dispose() => _temp.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_temp.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private IReadOnlyList<string> Check(string server, string? ldap = null) =>
        KcConfigChecks.Check(KcConfiguration.Load(Write("server.cfg", server), ldap is null ? null : Write("ldap.cfg", ldap)));

    [Fact]
    public void A_consistent_db_installation_gets_no_warning() =>
        Assert.Empty(Check("user_plugin = db\nenable_hosted_kopano = yes\nloginname_format = %u@%c\n"));

    [Fact]
    public void Hosted_with_the_db_plugin_needs_c_in_the_login_format()
    {
        var problem = Assert.Single(Check("user_plugin = db\nenable_hosted_kopano = yes\nloginname_format = %u\n"));
        Assert.Equal($"{_temp.FullName}/server.cfg:3: loginname_format does not contain %c but multi-tenancy (enable_hosted_kopano) is on: '%u'.", problem);
    }

    [Fact]
    public void Not_hosted_refuses_c_in_the_login_and_store_name_formats()
    {
        var problems = Check("loginname_format = %u@%c\nstorename_format = %f (%c)\n");
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith($"{_temp.FullName}/server.cfg:1: loginname_format contains %c", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith($"{_temp.FullName}/server.cfg:2: storename_format contains %c", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ldap_plugin_has_no_login_format_rule() =>
        Assert.DoesNotContain(Check("user_plugin = ldap\nenable_hosted_kopano = yes\nloginname_format = %u\n",
                "ldap_bind_user = cn=x\nldap_search_base = dc=x\nldap_user_type_attribute_value = posixAccount\nldap_group_type_attribute_value = posixGroup\nldap_company_type_attribute_value = organizationalUnit\n"),
            p => p.Contains("loginname_format", StringComparison.Ordinal));

    [Theory]
    [InlineData("user_plugin = db\nenable_distributed_kopano = yes\n", "server.cfg:2: enable_distributed_kopano is on, but the db plugin does not support multi-server")]
    [InlineData("user_plugin = unix\nenable_hosted_kopano = yes\nloginname_format = %u\n", "server.cfg:1: user_plugin = unix does not support multi-tenancy")]
    [InlineData("user_plugin = ldapx\n", "server.cfg:1: user_plugin = 'ldapx' is not a plugin KC knows")]
    [InlineData("user_plugin =\n", "server.cfg:1: user_plugin is empty; KC falls back to the db plugin.")]
    [InlineData("enable_hosted_kopano = on\nloginname_format = %u@%c\n", "server.cfg:1: enable_hosted_kopano = 'on' is not yes or no; KC reads it as yes.")]
    public void Server_combinations_KC_refuses_are_named(string server, string expected) =>
        Assert.Contains(Check(server), p => p.Contains(expected, StringComparison.Ordinal));

    [Fact]
    public void Ldap_options_KC_needs_are_named_with_the_file_or_as_KCs_default()
    {
        var problems = Check("user_plugin = ldap\nenable_hosted_kopano = yes\nloginname_format = %u@%c\n",
            "ldap_bind_user = cn=x\nldap_search_base = dc=x\nldap_user_type_attribute_value = posixAccount\nldap_group_type_attribute_value =\n"
            + "ldap_user_search_filter = objectClass=person\nldap_groupmembers_attribute_type = list\n");
        var ldap = $"{_temp.FullName}/ldap.cfg";
        Assert.Equal(
        [
            $"{ldap}:4: ldap_group_type_attribute_value is empty, but KC needs it.",
            $"{ldap} (KC's default): ldap_company_type_attribute_value is empty, but KC needs it with multi-tenancy.",
            $"{ldap}:5: ldap_user_search_filter is not a well-formed LDAP filter: 'objectClass=person'.",
            $"{ldap}:6: ldap_groupmembers_attribute_type = 'list' is not a type KC knows (text, binary, dn, attribute).",
        ], problems);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("(objectCategory=Person)", true)]
    [InlineData("(&(objectClass=posixAccount)(|(uid=a)(uid=b)))", true)]
    [InlineData("objectClass=person", false)]
    [InlineData("(a=1)(b=2)", false)]
    [InlineData("((a=1)", false)]
    [InlineData("(a={x})", false)]
    public void Search_filters_are_checked_as_the_checker_does(string filter, bool valid) =>
        Assert.Equal(valid, KcConfigChecks.IsLdapFilter(filter));
}
