// The menu buttons a reader sees in the article header (sphinx-book-theme's "toggle primary
// sidebar", and the page-contents button on a phone) are the second .primary-toggle and
// .secondary-toggle of the page; the theme scripts bind only the first of each, in the header bar,
// which this layout hides. Without this, the navigation cannot be opened on a phone.
document.addEventListener("DOMContentLoaded", () => {
  for (const selector of [".primary-toggle", ".secondary-toggle"]) {
    const [bound, ...others] = document.querySelectorAll(selector);
    for (const button of others) {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        bound.click();
      });
    }
  }
});
