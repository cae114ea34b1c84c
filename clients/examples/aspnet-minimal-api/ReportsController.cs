using Credits.AspNetCore;
using Microsoft.AspNetCore.Mvc;

namespace Credits.Examples.AspNetMinimalApi;

/// <summary>A controller action priced with the attribute: the same middleware charges it.</summary>
[ApiController]
[Route("reports")]
public sealed class ReportsController : ControllerBase
{
    /// <summary>Costs 3 units of the catalogue feature text.summarize.</summary>
    [HttpPost]
    [RequireCredits("text.summarize", quantity: 3)]
    public IActionResult Create() => Ok(new { report = "three pages" });
}
