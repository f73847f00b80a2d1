using MudBlazor;

namespace Segur.Host.Components.Layout;

/// <summary>
/// The portal's look: MudBlazor's theme with a sober blue/teal palette (not the State's design system, which is reserved
/// to State administrations). Every text colour keeps a contrast of at least 4.5:1 on its background (RGAA 3.2).
/// </summary>
public static class SegurTheme
{
    private static readonly string[] s_fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1d4e89",
            PrimaryDarken = "#163c6a",
            PrimaryLighten = "#e8eef7",
            Secondary = "#0f6b63",
            Tertiary = "#5b4b8a",
            Info = "#0b5d8f",
            Success = "#1e6b34",
            Warning = "#8a4b00",
            Error = "#b3261e",
            Dark = "#1f2933",
            AppbarBackground = "#173a63",
            AppbarText = "#ffffff",
            Background = "#f4f6f9",
            BackgroundGray = "#eef1f5",
            Surface = "#ffffff",
            TextPrimary = "#1f2933",
            TextSecondary = "#4a5563",
            ActionDefault = "#4a5563",
            LinesDefault = "#d5dbe3",
            LinesInputs = "#6b7684",
            TableLines = "#e1e6ec",
            TableStriped = "#f7f9fb",
            Divider = "#d5dbe3",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = s_fonts, LineHeight = "1.5" },
            H1 = new H1Typography { FontFamily = s_fonts, FontSize = "2.25rem", FontWeight = "700", LineHeight = "1.2", LetterSpacing = "0" },
            H2 = new H2Typography { FontFamily = s_fonts, FontSize = "1.875rem", FontWeight = "700", LineHeight = "1.25", LetterSpacing = "0" },
            H3 = new H3Typography { FontFamily = s_fonts, FontSize = "1.5rem", FontWeight = "700", LineHeight = "1.3", LetterSpacing = "0" },
            H4 = new H4Typography { FontFamily = s_fonts, FontSize = "1.75rem", FontWeight = "700", LineHeight = "1.3", LetterSpacing = "0" },
            H5 = new H5Typography { FontFamily = s_fonts, FontSize = "1.25rem", FontWeight = "600", LineHeight = "1.35", LetterSpacing = "0" },
            H6 = new H6Typography { FontFamily = s_fonts, FontSize = "1.05rem", FontWeight = "600", LineHeight = "1.4", LetterSpacing = "0" },
            Button = new ButtonTypography { FontFamily = s_fonts, FontWeight = "600", TextTransform = "none", LetterSpacing = "0" },
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
