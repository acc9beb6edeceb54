using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Spaces.Grains.Abstractions.Spaces;
using Orleans;
using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Silo.Stores;

namespace Spaces.Api.Portal.Pages.Admin;

/// <summary>Worker tokens: the form that creates one (its script shows the secret once) and the list, without secrets.</summary>
public sealed class TokensModel(IGrainFactory grains, ISpaceQueries spaces) : PageModel
{
    public IReadOnlyList<SpaceView> Spaces { get; private set; } = [];

    public TokenList List { get; private set; } = new([], new Dictionary<string, string>());

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Spaces = await spaces.ListAsync(null, cancellationToken);
        List = new TokenList(await grains.ListWorkerTokensAsync(ownerId: null), Spaces.ToDictionary(s => s.Id, s => s.Name));
    }

    /// <summary>The list alone, for the script to redraw after a token is created or revoked.</summary>
    public async Task<IActionResult> OnGetListAsync(CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        return Partial("_TokenList", List);
    }
}

/// <summary>Tokens (hashes only, never secrets) and the names of the spaces they name.</summary>
public sealed record TokenList(IReadOnlyList<WorkerTokenInfo> Tokens, IReadOnlyDictionary<string, string> SpaceNames);
