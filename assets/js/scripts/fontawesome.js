// Stands in for the theme's scripts/fontawesome.js (1.5 MB), which swaps every icon for an
// inline SVG. The theme's stylesheet already draws the same icons from Font Awesome's web
// fonts, so the pages show them without it, and each page loads 1.5 MB less.
