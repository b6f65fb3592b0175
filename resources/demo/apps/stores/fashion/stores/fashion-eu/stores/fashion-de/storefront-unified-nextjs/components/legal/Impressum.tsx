/**
 * Legal notice required by § 5 DDG (formerly § 5 TMG) for German online shops.
 * Content is owned by the legal department; change it only with their sign-off.
 */
export function Impressum() {
  return (
    <article className="prose prose-neutral max-w-2xl">
      <h1>Impressum</h1>

      <h2>Angaben gemäß § 5 DDG</h2>
      <p>
        Atelier Mode GmbH
        <br />
        Friedrichstraße 123
        <br />
        10117 Berlin
      </p>

      <h2>Vertreten durch</h2>
      <p>Geschäftsführerin: Dr. Johanna Beispiel</p>

      <h2>Kontakt</h2>
      <p>
        Telefon: +49 30 1234567
        <br />
        E-Mail: service@atelier-mode.example
      </p>

      <h2>Registereintrag</h2>
      <p>
        Amtsgericht Berlin-Charlottenburg, HRB 123456 B
        <br />
        USt-IdNr.: DE123456789
      </p>

      <h2>Verbraucherstreitbeilegung</h2>
      <p>
        Wir sind nicht bereit oder verpflichtet, an Streitbeilegungsverfahren vor einer
        Verbraucherschlichtungsstelle teilzunehmen.
      </p>
    </article>
  );
}
