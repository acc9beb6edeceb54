using System.Text.Json;
using System.Text.RegularExpressions;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Infra;

/// <summary>
/// infra/main.bicep compiled to ARM JSON by the pinned Bicep compiler (scripts/bicep.sh, which restores it on first use),
/// once per test run, with the compiled parameters of each environment. Modules are nested deployments whose
/// <c>properties.parameters</c> say what main passes them and whose <c>properties.template</c> is the module's template.
/// </summary>
public sealed partial class CompiledTemplate
{
    private static readonly Lazy<Task<CompiledTemplate>> Main = new(() => CompileAsync("infra/main.bicep"));

    private CompiledTemplate(string text)
    {
        Text = text;
        Root = JsonDocument.Parse(text).RootElement;
    }

    /// <summary>The ARM JSON as the compiler wrote it.</summary>
    public string Text { get; }

    public JsonElement Root { get; }

    public static Task<CompiledTemplate> MainAsync() => Main.Value;

    /// <summary>The compiled parameters of <c>infra/env/{environment}.bicepparam</c>, with a placeholder admin password.</summary>
    public static async Task<JsonElement> ParametersAsync(string environment)
    {
        var json = await ExternalProcess.RunRepoScriptAsync("bicep.sh", ["build-params", $"infra/env/{environment}.bicepparam", "--stdout"],
            $"compiling the {environment} parameters", TimeSpan.FromMinutes(3),
            new Dictionary<string, string> { ["SPACES_ADMIN_PASSWORD"] = PlaceholderPassword });
        // --stdout writes {parametersJson, templateJson}: the parameters file as a string.
        var file = JsonDocument.Parse(json).RootElement.GetProperty("parametersJson").GetString()!;
        return JsonDocument.Parse(file).RootElement.GetProperty("parameters");
    }

    /// <summary>What the parameters files are compiled with here: the real one comes from the deployer's environment.</summary>
    public const string PlaceholderPassword = "placeholder-password-for-tests";

    /// <summary>The nested deployment of module <paramref name="name"/>.</summary>
    public JsonElement Module(string name) => Root.GetProperty("resources").EnumerateArray()
        .Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);

    /// <summary>The expression (or value) main passes to a module's parameter.</summary>
    public static JsonElement Passed(JsonElement module, string parameter) =>
        module.GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value");

    public static JsonElement TemplateOf(JsonElement module) => module.GetProperty("properties").GetProperty("template");

    /// <summary>The resources of a module's template of one type.</summary>
    public static IReadOnlyList<JsonElement> Resources(JsonElement module, string type) => TemplateOf(module).GetProperty("resources")
        .EnumerateArray().Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary><c>variables('x')</c> in an expression replaced by the module's literal value of x.</summary>
    public static string WithVariables(JsonElement module, string expression) =>
        Variable().Replace(expression, m => $"'{TemplateOf(module).GetProperty("variables").GetProperty(m.Groups["name"].Value).GetString()}'");

    /// <summary>The app's settings as the template writes them: name → value or ARM expression.</summary>
    public IReadOnlyDictionary<string, string> AppSettings() =>
        Resources(Module("app"), "Microsoft.Web/sites").Single().GetProperty("properties").GetProperty("siteConfig")
            .GetProperty("appSettings").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("value").GetString()!, StringComparer.Ordinal);

    /// <summary>
    /// An app setting's value when the template and an environment's parameters fix it: a literal, or
    /// <c>[parameters('x')]</c> of the app module that main fills with a literal, a literal variable of its own, a
    /// parameter of its own (from the parameters file or its default) or a <c>format</c> of those. Null when it is known only in Azure (a reference to a
    /// deployed resource).
    /// </summary>
    public string? Resolve(string value, JsonElement environmentParameters)
    {
        if (!value.StartsWith('['))
        {
            return value;
        }
        var app = Module("app");
        var moduleParameter = WholeParameter().Match(value);
        if (!moduleParameter.Success)
        {
            return null;
        }
        var passed = Passed(app, moduleParameter.Groups["name"].Value);
        if (passed.ValueKind != JsonValueKind.String)
        {
            return passed.ToString();
        }
        var text = passed.GetString()!;
        if (!text.StartsWith('['))
        {
            return text;
        }
        if (WholeVariable().Match(text) is { Success: true } variable
            && Root.GetProperty("variables").GetProperty(variable.Groups["name"].Value) is { ValueKind: JsonValueKind.String } literal)
        {
            return literal.GetString();
        }
        var mainParameter = WholeParameter().Match(text);
        if (!mainParameter.Success)
        {
            return null;
        }
        var name = mainParameter.Groups["name"].Value;
        if (environmentParameters.TryGetProperty(name, out var given))
        {
            return given.GetProperty("value").ToString();
        }
        return Root.GetProperty("parameters").GetProperty(name).TryGetProperty("defaultValue", out var fallback) ? fallback.ToString() : null;
    }

    private static async Task<CompiledTemplate> CompileAsync(string file) =>
        new(await ExternalProcess.RunRepoScriptAsync("bicep.sh", ["build", file, "--stdout"], $"compiling {file}", TimeSpan.FromMinutes(3)));

    [GeneratedRegex(@"variables\('(?<name>[A-Za-z0-9_]+)'\)")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^\[variables\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex WholeVariable();

    [GeneratedRegex(@"^\[parameters\('(?<name>[A-Za-z0-9_]+)'\)\]$")]
    private static partial Regex WholeParameter();
}
