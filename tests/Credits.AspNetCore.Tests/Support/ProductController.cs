using Microsoft.AspNetCore.Mvc;

namespace Credits.AspNetCore.Tests.Support;

/// <summary>A priced controller action: the attribute, read by the same middleware as minimal APIs.</summary>
[ApiController]
[Route("reports")]
public sealed class ProductController : ControllerBase
{
    [HttpPost]
    [RequireCredits(6)]
    public IActionResult Create() => Ok(new { report = "made" });
}
