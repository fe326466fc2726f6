"""Analyses of one scenario on compiled arrays (numpy, batch axis), below the service layer.

* :mod:`~winset.analysis.default`: the default analysis (forecast, deals, sticking points);
* :mod:`~winset.analysis.deals`: deal evaluation, acceptance by issue, sticking points;
* :mod:`~winset.analysis.winsets`: win-sets of ratifying bodies (1-D exact, 2-D regions, zone of agreement);
* :mod:`~winset.analysis.search`: the ratifiable package with the highest Nash product, and deal repair;
* :mod:`~winset.analysis.delay`: the cost of delay (Rubinstein bargaining, war of attrition);
* :mod:`~winset.analysis.pareto`: Pareto frontiers and bargaining points, and the one ``dominates``.

None of these prints, checks options or builds presenter output: the services do that.
"""
