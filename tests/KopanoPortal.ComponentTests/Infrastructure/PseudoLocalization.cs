using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using KopanoPortal.Web.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace KopanoPortal.ComponentTests.Infrastructure;

/// <summary>
/// Pseudo-localization for finding English that never went through a translation: the pages' localizers and
/// MudBlazor's mark every text they translate between two invisible characters, so that what is left of a rendered page
/// once the marked texts, Core's German messages and the test's own fixture data are taken out is text nobody
/// translated. Only the translated wording is marked, not the values filled into it, so an English value inside a
/// German sentence is still found.
/// </summary>
internal static partial class PseudoLocalization
{
    public const char Open = '\uE000';
    public const char Close = '\uE001';

    /// <summary>
    /// Words that are the same in German and need no translation. Each is a name, not a sentence, and is listed with why.
    /// </summary>
    private static readonly HashSet<string> SameInGerman = new(StringComparer.Ordinal)
    {
        "Kopano", // the product's name
        "UTC", // the time zone's name, which German writes the same (dates read "06.12.2026 09:32 UTC")
        "MB", "GB", "KB", "TB", // size units, as German writes them
        "ms", // milliseconds (a port's answer time), as German writes them
        "HTTP", "HTTPS", "SSL", "TLS", "TCP", "CA", "LDAP", "CSV", // protocol and format names
        "SYSTEM", // KC's built-in user, the contact of a tenant without one, by its name in KC
        "Inbox", // part of a private store's name as kopano-server forms it (KopanoOptions.StoreName), not the portal's wording
    };

    /// <summary>Puts the pages' localizers and MudBlazor's behind markers; call after the services the page needs are added.</summary>
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<IStringLocalizerFactory>(sp => new MarkingFactory(new ResourceManagerStringLocalizerFactory(
            sp.GetRequiredService<IOptions<LocalizationOptions>>(), sp.GetRequiredService<ILoggerFactory>())));
        services.AddTransient<MudLocalizer, MarkingMudLocalizer>();
    }

    /// <summary>
    /// Every piece of visible text and user-facing attribute under <paramref name="root"/> that holds a word neither
    /// translated, nor Core's German, nor one of <paramref name="fixture"/> (the names and addresses the test put in), nor
    /// exempt (<see cref="SameInGerman"/>, <see cref="ExemptElements"/>): one line each, with where it is.
    /// </summary>
    public static IReadOnlyList<string> Untranslated(IEnumerable<INode> root, IEnumerable<string> fixture)
    {
        var scan = new Scan(fixture.Concat(KcNames).Where(f => f.Length > 0).Distinct().OrderByDescending(f => f.Length)
            .Select(f => new Regex($@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(f)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .ToList());
        foreach (var node in root)
            scan.Walk(node, exempt: false, verbatim: false);
        return scan.Findings.Distinct().ToList();
    }

    /// <summary>The words of a message shown outside the page's markup (a snackbar's) that are English, as for a page.</summary>
    public static IReadOnlyList<string> Untranslated(string message, IEnumerable<string> fixture)
    {
        var holder = new AngleSharp.Html.Parser.HtmlParser().ParseDocument("").CreateElement("p");
        holder.TextContent = message;
        return Untranslated([holder], fixture);
    }

    /// <summary>Elements whose text is no translation by intent, with why.</summary>
    private static readonly string[] ExemptElements =
    [
        "[data-testid=portal-brand]", // the portal's configured name (Portal:Title), "KopanoPortal" by default
        "[data-testid=language-en]", "[data-testid=language-de]", // each language offered in its own name
        "code", "kbd", "samp", // what is typed or read as it is: option names (quota_warn), paths, secrets, commands
    ];

    /// <summary>
    /// Text pasted as it is (server.cfg, ldap.cfg, Apache's configuration, an audit record's JSON): its settings are in the
    /// files' own language, but its comments (lines starting with #) are the portal's wording and are checked.
    /// </summary>
    private const string Verbatim = "pre";

    /// <summary>Attributes that hold a code, not wording, with why.</summary>
    private static readonly (string Selector, string Attribute)[] ExemptAttributes =
    [
        ("[data-testid=audit-action]", "title"), // the action's code as the API and the CSV export write it, beside its name in words
    ];

    /// <summary>Names KC defines and the pages show as KC spells them: the per-user features (docs/kopano.md).</summary>
    private static readonly IEnumerable<string> KcNames = KopanoPortal.Core.Kopano.KopanoFeatures.All;

    private static readonly string[] UserFacingAttributes =
        ["placeholder", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "alt", "data-label"];

    private sealed class Scan(List<Regex> fixture)
    {
        public List<string> Findings { get; } = [];

        /// <summary>
        /// How deep inside marked text the walk is: a translated text with markup (a MarkupString) opens its marker in
        /// one text node and closes it in another, so the depth carries over from node to node in document order.
        /// </summary>
        private int _depth;

        public void Walk(INode node, bool exempt, bool verbatim)
        {
            switch (node)
            {
                case IText text:
                    var rest = WithoutMarked(text.Data, ref _depth);
                    if (exempt)
                        return;
                    if (!verbatim)
                        Check(text.Data, rest, "text", text.ParentElement);
                    else
                        foreach (var (start, length) in CommentLines(text.Data))
                            Check(text.Data.Substring(start, length), rest.Substring(start, length), "comment", text.ParentElement);
                    return;
                case IElement element:
                    if (element.LocalName is "script" or "style")
                        return;
                    exempt |= ExemptElements.Any(element.Matches);
                    verbatim |= element.Matches(Verbatim);
                    if (!exempt)
                    {
                        foreach (var name in UserFacingAttributes)
                            if (element.GetAttribute(name) is { } value)
                                CheckAttribute(value, name, element);
                        if (element.LocalName == "input" && element.GetAttribute("type") is null or "text" or "button" or "submit" or "search"
                            && element.GetAttribute("value") is { } shown)
                            CheckAttribute(shown, "value", element);
                    }
                    break;
            }
            foreach (var child in node.ChildNodes)
                Walk(child, exempt, verbatim);
        }

        /// <summary>Where each comment's words are: the line after its # (indented or not), as KC and Apache read comments.</summary>
        private static IEnumerable<(int Start, int Length)> CommentLines(string text)
        {
            var at = 0;
            foreach (var line in text.Split('\n'))
            {
                var hash = line.TrimStart().StartsWith('#') ? line.IndexOf('#', StringComparison.Ordinal) : -1;
                if (hash >= 0)
                    yield return (at + hash + 1, line.Length - hash - 1);
                at += line.Length + 1;
            }
        }

        private void CheckAttribute(string value, string name, IElement element)
        {
            if (ExemptAttributes.Any(x => x.Attribute == name && element.Closest(x.Selector) is not null))
                return;
            var depth = 0;
            Check(value, WithoutMarked(value, ref depth), name, element);
        }

        private void Check(string shown, string rest, string where, IElement? element)
        {
            if (!rest.Any(char.IsLetter))
                return;
            rest = WithoutCoreGerman(rest);
            rest = NotWords().Replace(rest, "\u0001");
            foreach (var value in fixture)
                rest = value.Replace(rest, "\u0001");
            var words = Word().Matches(rest).Select(m => m.Value).Where(w => !SameInGerman.Contains(w)).ToList();
            if (words.Count > 0)
                Findings.Add($"{Where(element)} {where}: \"{Plain(shown).Trim()}\" (untranslated: {string.Join(", ", words.Distinct())})");
        }
    }

    /// <summary>The text as a person reads it, without the markers.</summary>
    public static string Plain(string text) => text.Replace(Open.ToString(), "", StringComparison.Ordinal).Replace(Close.ToString(), "", StringComparison.Ordinal);

    private static string WithoutMarked(string text, ref int depth)
    {
        var rest = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == Open)
                depth++;
            else if (c == Close)
                depth = Math.Max(0, depth - 1);
            rest.Append(depth > 0 || c == Close ? '\u0001' : c);
        }
        return rest.ToString();
    }

    private static string Where(IElement? element)
    {
        var path = new List<string>();
        for (var e = element; e is not null && path.Count < 3; e = e.ParentElement)
            if (e.GetAttribute("data-testid") is { } id)
                path.Add($"[data-testid={id}]");
        var tag = element is null ? "" : element.LocalName + (element.ClassList.FirstOrDefault(c => c.StartsWith("mud-", StringComparison.Ordinal)) is { } mud ? "." + mud : "");
        return string.Join(" ", path.AsEnumerable().Reverse().Append(tag));
    }

    /// <summary>
    /// No wording: an address (/api/v1, https://…), KC's name-format placeholders (%u, %c, %f), and identifiers by their
    /// shape, as KC names its options (proxy_header), LDAP attributes (kopanoHttpPort), programs (kopano-dagent) and
    /// configuration files (dagent.cfg).
    /// </summary>
    [GeneratedRegex(@"(?<!\S)(?:/|https?://)\S*|%[a-z]\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]+[A-Z][A-Za-z0-9]*\b|\bkopano-[a-z]+\b|\b[a-z]+\.cfg\b")]
    private static partial Regex NotWords();

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    /// <summary>
    /// Takes Core's German wording out of <paramref name="text"/> (Core's Text.T reads it from its own resources, not
    /// through a localizer, so it carries no marker): each German message with its placeholders standing for any value.
    /// Only the wording goes, so what was filled in is still checked, and a message filled into another (a German
    /// "Heimserver" in "Sein {0} …") goes in the next round. A message Core left in English is not in the list.
    /// </summary>
    private static string WithoutCoreGerman(string text)
    {
        // Each message on its own against the whole text: in one alternation a short message ("Passwort") would take
        // its words out of a longer one ("{0}, Passwort vom Portal erzeugt") before that could match.
        var covered = new bool[text.Length];
        foreach (var (hint, message) in CoreGermanMessages.Value)
        {
            if (!text.Contains(hint, StringComparison.Ordinal))
                continue;
            foreach (Match match in message.Matches(text))
                foreach (Group wording in match.Groups.Cast<Group>().Skip(1).Where(g => g.Success))
                    Array.Fill(covered, true, wording.Index, wording.Length);
        }
        return string.Create(text.Length, (text, covered), (chars, state) =>
        {
            for (var i = 0; i < chars.Length; i++)
                chars[i] = state.covered[i] ? '\u0001' : state.text[i];
        });
    }

    /// <summary>Each German message of Core with its longest piece of wording, which a text must hold for it to match.</summary>
    private static readonly Lazy<List<(string Hint, Regex Message)>> CoreGermanMessages = new(() =>
    {
        var set = new ResourceManager("KopanoPortal.Core.Resources.Messages", typeof(KopanoPortal.Core.Text).Assembly)
            .GetResourceSet(new CultureInfo("de"), createIfNotExists: true, tryParents: false)!;
        return set.Cast<DictionaryEntry>().Select(e => (string)e.Value!).Where(v => v.Any(char.IsLetter)).Distinct()
            .Select(v =>
            {
                var wording = Placeholder().Split(v);
                // A value may be empty (an audit record without its details), so a placeholder takes any run of characters.
                var pattern = string.Concat(wording.Select((piece, i) => (i == 0 ? "" : @"[\s\S]*?") + (piece.Length > 0 ? $"({Regex.Escape(piece)})" : "")));
                return (wording.MaxBy(p => p.Length)!, new Regex($@"(?<!\p{{L}}){pattern}(?!\p{{L}})", RegexOptions.CultureInvariant));
            })
            .ToList();
    });

    [GeneratedRegex(@"\{\d+(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>The format's own words between markers, its placeholders left free for the values.</summary>
    private static string MarkWording(string format)
    {
        var marked = new StringBuilder();
        var at = 0;
        foreach (Match hole in Placeholder().Matches(format))
        {
            if (hole.Index > at)
                marked.Append(Open).Append(format, at, hole.Index - at).Append(Close);
            marked.Append(hole.Value);
            at = hole.Index + hole.Length;
        }
        if (at < format.Length)
            marked.Append(Open).Append(format, at, format.Length - at).Append(Close);
        return marked.ToString();
    }

    private static LocalizedString Marked(LocalizedString found, object[]? arguments) =>
        found.ResourceNotFound
            ? found
            : new(found.Name, arguments is null ? MarkWording(found.Value).Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal)
                : string.Format(CultureInfo.CurrentCulture, MarkWording(found.Value), arguments), false, found.SearchedLocation);

    private sealed class MarkingFactory(IStringLocalizerFactory inner) : IStringLocalizerFactory
    {
        public IStringLocalizer Create(Type resourceSource) => new MarkingLocalizer(inner.Create(resourceSource));

        public IStringLocalizer Create(string baseName, string location) => new MarkingLocalizer(inner.Create(baseName, location));
    }

    private sealed class MarkingLocalizer(IStringLocalizer inner) : IStringLocalizer
    {
        public LocalizedString this[string name] => Marked(inner[name], null);

        public LocalizedString this[string name, params object[] arguments] =>
            inner[name] is { ResourceNotFound: false } found ? Marked(found, arguments) : inner[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);
    }

    /// <summary>MudBlazor's texts the portal translates (<see cref="GermanMudLocalizer"/>), marked; the rest stays MudBlazor's English.</summary>
    private sealed class MarkingMudLocalizer : MudLocalizer
    {
        private readonly GermanMudLocalizer _inner = new();

        public override LocalizedString this[string key] => Marked(_inner[key], null);

        public override LocalizedString this[string key, params object[] arguments] =>
            _inner[key] is { ResourceNotFound: false } found ? Marked(found, arguments) : _inner[key, arguments];
    }
}
