"""Studies of winset's models against history, apart from the core analyses.

* :mod:`~winset.studies.accuracy`: forecast error of each model on decisions with known outcomes (DEU);
* :mod:`~winset.studies.senate_history`: Senate treaty votes predicted from DW-NOMINATE ideal points.
"""
