"""Statistics across audits and self-assessments ("Tall og trender").

``rows`` holds the plain rows the store returns, ``compute`` the pure figures,
``commentary`` the generated sentences, ``charts`` the PNG figures (matplotlib),
``synthetic`` the seeded national dataset for ``tilsyn demo --skala N``.
"""
