// The « Imprimer » buttons: shown only when this script runs (the browser's own print
// command works without it), they open the print dialog; the print stylesheet
// (foquale.css, @media print) leaves out the navigation.
document.querySelectorAll("[data-foquale-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
