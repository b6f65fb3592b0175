/**
 * Mentions légales (article 6 de la loi n° 2004-575 pour la confiance dans l'économie numérique).
 */
export function MentionsLegales() {
  return (
    <article className="prose prose-neutral max-w-2xl">
      <h1>Mentions légales</h1>

      <h2>Éditeur du site</h2>
      <p>
        Atelier Mode SAS, au capital de 50 000 €
        <br />
        12 rue du Faubourg Saint-Honoré, 75008 Paris
        <br />
        RCS Paris 123 456 789 – TVA intracommunautaire FR12 123456789
      </p>

      <h2>Directrice de la publication</h2>
      <p>Mme Claire Exemple</p>

      <h2>Hébergement</h2>
      <p>Alokai Cloud, Google Cloud Platform, région europe-west1 (Belgique).</p>

      <h2>Médiation de la consommation</h2>
      <p>
        Conformément à l'article L.612-1 du Code de la consommation, vous pouvez recourir gratuitement au
        médiateur de la consommation dont nous relevons.
      </p>
    </article>
  );
}
