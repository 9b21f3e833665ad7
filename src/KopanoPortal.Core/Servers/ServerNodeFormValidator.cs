using System.Net;
using System.Net.Sockets;
using FluentValidation;
using KopanoPortal.Core.Validation;

namespace KopanoPortal.Core.Servers;

/// <summary>
/// A node KC can use (docs/kopano.md, "Node entries and paths"): a name that is also a plain server.cfg value, the address and HTTP port
/// KC refuses to do without, ports 1–65535, an absolute socket path and an absolute http(s) proxy URL.
/// </summary>
public sealed class ServerNodeFormValidator : AbstractValidator<ServerNodeForm>
{
    public const int MaxNameLength = 64;
    public const int MaxAddressLength = 253;

    public ServerNodeFormValidator()
    {
        RuleLevelCascadeMode = CascadeMode.Stop;
        RuleFor(n => n.Name)
            .NoControlCharacters(Text.N("Server name"))
            .NotEmpty().WithMessage(_ => Text.T("Server name is required."))
            .MaximumLength(MaxNameLength).WithMessage(_ => Text.T("Server name must be at most {0} characters.", MaxNameLength))
            // It is the entry's cn, server.cfg's server_name and every user's kopanoUserServer: a plain token keeps all three literal.
            .Must(IsNameToken).WithMessage(_ => Text.T("Server name may contain only letters, digits, '.', '-' and '_' (it is the node's cn and its server.cfg server_name)."));
        RuleFor(n => n.Address)
            .NoControlCharacters(Text.N("Address"))
            .NotEmpty().WithMessage(_ => Text.T("Address is required: KC refuses a node without it (\"obligatory address missing\")."))
            .MaximumLength(MaxAddressLength).WithMessage(_ => Text.T("Address must be at most {0} characters.", MaxAddressLength))
            .Must(a => !IsIpv6(a)).WithMessage(_ => Text.T("Use a host name, not an IPv6 address: KC writes the address into http://<address>:<port>/ without brackets."))
            .Must(IsHostOrIpv4).WithMessage(_ => Text.T("Enter a host name (FQDN recommended) or IPv4 address, without scheme, port or path."));
        RuleFor(n => n.HttpPort)
            .NotNull().WithMessage(_ => Text.T("HTTP port is required: KC refuses a node without it (\"obligatory http port missing\")."))
            .InclusiveBetween(1, 65535).WithMessage(_ => Text.T("HTTP port must be between 1 and 65535."));
        RuleFor(n => n.SslPort)
            .InclusiveBetween(1, 65535).When(n => n.SslPort is not null).WithMessage(_ => Text.T("SSL port must be between 1 and 65535 (leave it empty for none)."));
        RuleFor(n => n.FilePath)
            .NoControlCharacters(Text.N("File path"))
            .Must(p => p!.Trim().StartsWith('/')).WithMessage(_ => Text.T("File path must be absolute, like /var/run/kopano/server.sock."))
            .Must(p => !p!.Trim().Any(char.IsWhiteSpace) && NameRules.IsPrintable(p)).WithMessage(_ => Text.T("File path must not contain spaces or control characters."))
            .When(n => !string.IsNullOrWhiteSpace(n.FilePath));
        RuleFor(n => n.ProxyUrl)
            .NoControlCharacters(Text.N("Proxy URL"))
            .Must(IsAbsoluteHttpUrl!).WithMessage(_ => Text.T("Proxy URL must be an absolute http:// or https:// URL, like https://zproxy.example.com:237/z1."))
            .When(n => !string.IsNullOrWhiteSpace(n.ProxyUrl));
    }

    private static bool IsNameToken(string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    private static bool IsIpv6(string address) =>
        IPAddress.TryParse(address.Trim().Trim('[', ']'), out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;

    private static bool IsHostOrIpv4(string address) =>
        address == address.Trim() && Uri.CheckHostName(address) is UriHostNameType.Dns or UriHostNameType.IPv4;

    private static bool IsAbsoluteHttpUrl(string url)
    {
        var trimmed = url.Trim();
        return !trimmed.Any(char.IsWhiteSpace)
            && Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && uri.Host.Length > 0
            && trimmed.StartsWith(uri.Scheme + "://", StringComparison.OrdinalIgnoreCase);
    }
}
