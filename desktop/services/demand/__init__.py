"""The demand loop (需求清单 → 项目清单): residents' requests and their workflow, the district's service
menu, matching, orders and dispatch, and the three-level evaluation."""
